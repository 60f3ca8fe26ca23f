using Tessera.Core.Errors;
using Tessera.Nn.Models.Clip;
using Tessera.Nn.Weights;

namespace Tessera.Cli.Areas.Clip;

/// <summary>
/// <see cref="ClipConfig.FromStateDict"/> for commands: when a checkpoint leaves a head count open, the error names the
/// command's option (<c>--text-heads</c> / <c>--vision-heads</c>) instead of the library's parameter.
/// </summary>
internal static class ClipHeadOptions
{
    /// <summary>Reads CLIP weights in any supported layout as OpenAI-named weights with their configuration (head
    /// counts from the options when given). The caller disposes the returned weights.</summary>
    public static (StateDict OpenAi, ClipConfig Config) Read(string path, int? textHeads, int? visionHeads)
    {
        using var weights = CheckpointReader.Read(path);
        var openAi = ClipCheckpoint.ToOpenAi(weights); // aliases: the file's handles can go, the storage stays
        try
        {
            return (openAi, Config(openAi, textHeads, visionHeads));
        }
        catch
        {
            openAi.Dispose();
            throw;
        }
    }

    public static ClipConfig Config(StateDict openAi, int? textHeads, int? visionHeads)
    {
        try
        {
            return ClipConfig.FromStateDict(openAi, textHeads, visionHeads);
        }
        catch (TesseraArgumentException e) when (e.ParamName is "transformerHeads" or "visionHeads")
        {
            var option = e.ParamName == "transformerHeads" ? "--text-heads" : "--vision-heads";
            throw new TesseraArgumentException(option, e.Rule.Replace($"pass {e.ParamName}", $"pass {option}", StringComparison.Ordinal));
        }
    }
}
