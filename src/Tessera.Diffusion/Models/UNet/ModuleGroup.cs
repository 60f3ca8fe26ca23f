using Tessera.Diffusion.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Models.UNet;

/// <summary>
/// A container that only names children with given keys (e.g. <c>"0"</c> and <c>"2"</c> of a reference
/// <c>nn.Sequential</c> whose index 1 is a parameter-free activation), so the state-dict keys match the reference;
/// the owning block calls the children itself.
/// </summary>
internal sealed class ModuleGroup : nn.Module
{
    public ModuleGroup(params (string Key, nn.Module Module)[] children) : base(ModuleNames.Loaded(nameof(ModuleGroup)))
    {
        foreach (var (key, module) in children) { register_module(key, module); }
    }
}
