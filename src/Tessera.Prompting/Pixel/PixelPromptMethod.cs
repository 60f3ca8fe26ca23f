namespace Tessera.Prompting.Pixel;

/// <summary>The pixel-space prompt methods of hjbahng/visual_prompting.</summary>
public enum PixelPromptMethod
{
    /// <summary><c>padding</c>: a learned frame of width p (<see cref="PadPrompter"/>).</summary>
    Padding,

    /// <summary><c>fixed_patch</c>: a learned p×p patch in the top-left corner (<see cref="FixedPatchPrompter"/>).</summary>
    FixedPatch,

    /// <summary><c>random_patch</c>: a learned p×p patch at a random place per call (<see cref="RandomPatchPrompter"/>).</summary>
    RandomPatch,
}
