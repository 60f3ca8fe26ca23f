using System.Runtime.InteropServices;
using Tessera.Core.Errors;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Nn.Weights;

/// <summary>
/// Reads the parameters and buffers of a TorchScript archive through libtorch's <c>torch.jit.load</c>, like
/// <c>torch.jit.load(path).state_dict()</c> in <c>clip.load(..., jit=False)</c>.
/// </summary>
internal static class TorchScriptReader
{
    public static StateDict Read(string path)
    {
        jit.ScriptModule module;
        try
        {
            module = torch.jit.load(path, DeviceType.CPU);
        }
        catch (ExternalException e)
        {
            throw new TesseraFormatException(path, null, $"libtorch cannot load the TorchScript archive: {FirstLine(e.Message)}");
        }
        using (module)
        {
            var result = new StateDict();
            try
            {
                using var noGrad = torch.no_grad();
                foreach (var (name, p) in module.named_parameters())
                {
                    result.Add(name, p.detach());
                    p.Dispose();
                }
                foreach (var (name, b) in module.named_buffers())
                {
                    if (!result.ContainsKey(name)) { result.Add(name, b.detach()); }
                    b.Dispose();
                }
            }
            catch
            {
                result.Dispose();
                throw;
            }
            return result;
        }
    }

    private static string FirstLine(string s)
    {
        var i = s.IndexOf('\n', StringComparison.Ordinal);
        return i < 0 ? s : s[..i];
    }
}
