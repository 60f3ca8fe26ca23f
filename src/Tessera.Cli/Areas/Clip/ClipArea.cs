using Spectre.Console.Cli;
using Tessera.Cli.Hosting;
using Tessera.Core.Parity;
using Tessera.Nn.Parity;

namespace Tessera.Cli.Areas.Clip;

/// <summary>The backbone area: <c>clip tokenize|classify</c>, <c>model inspect</c>, <c>bench nn</c>, the CLIP demo section and the model fixtures.</summary>
internal sealed class ClipArea : ICliArea
{
    /// <inheritdoc />
    public string Name => "clip";

    /// <inheritdoc />
    public void Register(IConfigurator config)
    {
        config.AddBranch("clip", clip =>
        {
            clip.SetDescription("CLIP tools.");
            clip.AddCommand<ClipTokenizeCommand>("tokenize")
                .WithDescription("Print CLIP token ids (start, BPE ids, end) for each text.")
                .WithExample("clip", "tokenize", "--vocab", "bpe_simple_vocab_16e6.txt.gz", "a photo of a cat");
            clip.AddCommand<ClipClassifyCommand>("classify")
                .WithDescription("Zero-shot classify an image with CLIP weights (probabilities over the labels).")
                .WithExample("clip", "classify", "--weights", "ViT-B-16.pt", "--image", "cat.jpg", "--labels", "a cat,a dog", "--vocab", "bpe_simple_vocab_16e6.txt.gz");
        });
        config.AddBranch("model", model =>
        {
            model.SetDescription("Weight files.");
            model.AddCommand<ModelInspectCommand>("inspect")
                .WithDescription("List a weight file's format, keys, shapes, dtypes and parameter count.")
                .WithExample("model", "inspect", "ViT-B-16.pt");
        });
    }

    /// <inheritdoc />
    public void RegisterBench(IConfigurator<CommandSettings> bench) =>
        bench.AddCommand<BenchNnCommand>("nn")
            .WithDescription("ViT forward through the module layer vs bare TorchSharp calls, plus a tensor-leak check.")
            .WithExample("bench", "nn", "--runs", "7");

    /// <inheritdoc />
    public IEnumerable<IDemoSection> DemoSections(DemoOptions options) => [new ClipSection()];

    /// <inheritdoc />
    public IEnumerable<IParityHandler> ParityHandlers() => [new ClipParityHandler(), new ClipFormatsParityHandler(), new ClipTokenizerParityHandler()];
}
