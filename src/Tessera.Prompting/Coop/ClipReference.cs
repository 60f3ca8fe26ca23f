using Tessera.Nn.Models.Clip;

namespace Tessera.Prompting.Coop;

/// <summary>Holds a borrowed CLIP outside module registration.</summary>
/// <param name="Model">The model.</param>
internal sealed record ClipReference(ClipModel Model);
