using Tessera.Core.Arrays;
using Tessera.Data.Synthetic;
using Tessera.Imaging;
using Tessera.Segmentation.Labels;

namespace Tessera.Cli.Tests.Commands;

public sealed class SegFixNetCommandsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("tessera-segfixnet-cli-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    [Fact]
    public void Train_TinySynthetic_WritesCheckpointWeightsMetricsAndResumes()
    {
        var outDir = PathOf("run");
        string[] Args(string epochs) => ["segfix", "train", "--synthetic", "4", "--height", "32", "--width", "32", "--epochs", epochs, "--batch", "2", "--model", "tiny", "--out", outDir];
        var (code, output) = CliRunner.Run(Args("1"));
        Assert.Equal(0, code);
        Assert.Contains("2 steps", output, StringComparison.Ordinal);
        foreach (var f in new[] { "checkpoint.safetensors", "segfix.safetensors", "metrics.csv", "loss.png" })
        {
            Assert.True(File.Exists(Path.Combine(outDir, f)), f);
        }

        // Running again with more epochs resumes from the checkpoint
        var (again, output2) = CliRunner.Run(Args("2"));
        Assert.Equal(0, again);
        Assert.Contains("resumed from step 2", output2, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_DataFolder_TrainsOnCropsAndNamesABadLabelFile()
    {
        // Given a folder of two rendered image/label pairs of 40×48
        var data = PathOf("data");
        Directory.CreateDirectory(Path.Combine(data, "images"));
        Directory.CreateDirectory(Path.Combine(data, "labels"));
        for (var i = 0; i < 2; i++)
        {
            var labels = ShapeScenes.Generate(new ShapeSceneOptions { Height = 40, Width = 48 }, 2, i);
            ImageFile.Write(Path.Combine(data, "images", $"s{i}.png"), SceneRenderer.Render(labels, 2, i));
            LabelMapFile.Write(Path.Combine(data, "labels", $"s{i}.png"), LabelMap.FromNdArray(labels));
        }

        // When training on 32×32 crops
        var (code, output) = CliRunner.Run("segfix", "train", "--data", data, "--classes", "6", "--height", "32", "--width", "32",
            "--epochs", "1", "--batch", "2", "--model", "tiny", "--out", PathOf("run"));

        // Then it trains and exports weights
        Assert.Equal(0, code);
        Assert.Contains("2 samples, 1 steps", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(PathOf("run"), "segfix.safetensors")));

        // And a label outside [0, 6) is bad input naming the file
        var bad = new byte[40 * 48];
        bad[5] = 7;
        LabelMapFile.Write(Path.Combine(data, "labels", "s1.png"), LabelMap.FromLabels(bad, 40, 48));
        var (badCode, badOutput) = CliRunner.Run("segfix", "train", "--data", data, "--classes", "6", "--height", "32", "--width", "32",
            "--epochs", "1", "--model", "tiny", "--out", PathOf("run2"));
        Assert.Equal(TesseraApp.BadInputExitCode, badCode);
        Assert.Contains("s1.png", badOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--out")]
    [InlineData("--data")]
    [InlineData("--model")]
    public void Train_BadArguments_BadInputNamingTheOption(string option)
    {
        string[] args = option switch
        {
            "--out" => ["segfix", "train", "--synthetic", "2"],
            "--data" => ["segfix", "train", "--synthetic", "2", "--data", PathOf("d"), "--out", PathOf("o")],
            _ => ["segfix", "train", "--synthetic", "2", "--model", "huge", "--out", PathOf("o")],
        };
        var (code, output) = CliRunner.Run(args);
        Assert.Equal(TesseraApp.BadInputExitCode, code);
        Assert.Contains(option, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_CommittedWeights_RefinesAndWritesOffsets()
    {
        // Given the committed compact network, a rendered scene and its coarse prediction
        var weights = FindModel();
        var labels = ShapeScenes.Street(64, 96, 3);
        ImageFile.Write(PathOf("img.png"), SceneRenderer.Render(labels, 3));
        var coarse = CoarsePrediction.DownUp(LabelMap.FromNdArray(labels), 8, 19);
        LabelMapFile.Write(PathOf("pred.png"), coarse);

        var (code, output) = CliRunner.Run("segfix", "predict", "--weights", weights, "--image", PathOf("img.png"), "--pred", PathOf("pred.png"),
            "--out", PathOf("refined.png"), "--offsets-out", PathOf("off.npy"));

        Assert.Equal(0, code);
        Assert.Contains("pixels changed", output, StringComparison.Ordinal);
        var offsets = Npy.Read(PathOf("off.npy"));
        Assert.Equal([64, 96, 2], offsets.Shape);
        Assert.Equal(DType.Int8, offsets.DType);
        Assert.Equal((64, 96), (LabelMapFile.Read(PathOf("refined.png")).Height, LabelMapFile.Read(PathOf("refined.png")).Width));

        // A prediction of another size is bad input naming the file
        LabelMapFile.Write(PathOf("small.png"), LabelMap.FromLabels(new byte[16], 4, 4));
        var (bad, badOutput) = CliRunner.Run("segfix", "predict", "--weights", weights, "--image", PathOf("img.png"), "--pred", PathOf("small.png"), "--out", PathOf("x.png"));
        Assert.Equal(TesseraApp.BadInputExitCode, bad);
        Assert.Contains("small.png", badOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_SegFixNetSection_Runs()
    {
        var dir = Path.Combine(PathOf("demo"), "demo");
        var (code, _) = CliRunner.Run("demo", "--out", dir, "--section", "segfix-net");
        Assert.Equal(0, code);
        var html = File.ReadAllText(Path.Combine(dir, "index.html"));
        Assert.Contains("coarse + SegFix (network)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("This section failed", html, StringComparison.Ordinal);
    }

    private static string FindModel()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Tessera.slnx"))) { dir = dir.Parent; }
        Assert.NotNull(dir);
        return Path.Combine(dir.FullName, "models", "segfix", "segfix-compact.safetensors");
    }
}
