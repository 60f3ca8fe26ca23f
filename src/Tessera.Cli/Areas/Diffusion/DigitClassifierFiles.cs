using System.Globalization;
using Tessera.Core.Errors;
using Tessera.Diffusion.Evaluation;
using Tessera.Nn.Weights;

namespace Tessera.Cli.Areas.Diffusion;

/// <summary>The folder of <c>diffusion classifier</c>: <c>classifier.safetensors</c> with its sizes in the metadata.</summary>
internal static class DigitClassifierFiles
{
    public const string WeightsFile = "classifier.safetensors";

    public static void Save(string folder, DigitClassifier model, IReadOnlyDictionary<string, string> extra)
    {
        Directory.CreateDirectory(folder);
        var inv = CultureInfo.InvariantCulture;
        var meta = new Dictionary<string, string>(extra)
        {
            ["channels"] = model.Channels.ToString(inv),
            ["feature_dim"] = model.FeatureDim.ToString(inv),
            ["classes"] = model.Classes.ToString(inv),
        };
        CheckpointWriter.Save(Path.Combine(folder, WeightsFile), model, meta);
    }

    public static DigitClassifier Load(string folder, string option)
    {
        var path = Path.Combine(folder, WeightsFile);
        if (!File.Exists(path)) { throw new TesseraArgumentException(option, $"'{folder}' has no {WeightsFile} (train one with tessera diffusion classifier)"); }
        var (weights, meta) = CheckpointReader.ReadSafetensors(path);
        using (weights)
        {
            int Size(string key) => meta.TryGetValue(key, out var v) && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n
                : throw new TesseraArgumentException(option, $"'{path}' lacks the metadata entry '{key}'");
            var model = new DigitClassifier(Size("channels"), Size("feature_dim"), Size("classes"));
            StateDictLoader.Load(model, weights);
            model.eval();
            return model;
        }
    }
}
