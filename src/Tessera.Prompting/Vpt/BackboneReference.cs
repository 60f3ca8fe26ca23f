using Tessera.Nn.Models;

namespace Tessera.Prompting.Vpt;

/// <summary>Holds a borrowed backbone outside TorchSharp's module registration, so a prompt model's state dict holds only
/// its own parameters (never the frozen backbone's).</summary>
/// <param name="Backbone">The borrowed backbone.</param>
internal sealed record BackboneReference(IVisionBackbone Backbone);
