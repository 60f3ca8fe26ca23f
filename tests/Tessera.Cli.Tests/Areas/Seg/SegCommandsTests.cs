using System.Text.Json;
using Spectre.Console;
using Tessera.Cli;
using Tessera.TestSupport;

namespace Tessera.Cli.Tests.Commands;

public sealed class SegCommandsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("tessera-seg-cli-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static (int Code, string Output) Run(params string[] args)
    {
        var result = CliRunner.RunWith(args, 400);
        return (result.ExitCode, result.Out + result.Err);
    }

    private static string Stdout(params string[] args)
    {
        var result = CliRunner.RunWith(args, 400);
        Assert.True(result.ExitCode == 0, result.Output);
        return result.Out;
    }

    private (string Pred, string Gt) Folders(params string[] cases)
    {
        var pred = Directory.CreateDirectory(Path.Combine(_dir.FullName, "pred")).FullName;
        var gt = Directory.CreateDirectory(Path.Combine(_dir.FullName, "gt")).FullName;
        foreach (var c in cases)
        {
            File.Copy(SharedFixtures.Get("segfix", c, "label.png"), Path.Combine(gt, c + ".png"), true);
            File.Copy(SharedFixtures.Get("segfix", c, "pred_coarse.png"), Path.Combine(pred, c + ".png"), true);
        }
        return (pred, gt);
    }

    [Fact]
    public void SegEval_Json_MatchesFixtureMetrics()
    {
        var (pred, gt) = Folders("two_rects");
        var code = 0;
        var output = Stdout("seg", "eval", "--pred", pred, "--gt", gt, "--classes", "3", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        using var manifest = JsonDocument.Parse(File.ReadAllText(SharedFixtures.Get("segfix", "two_rects", "manifest.json")));
        var expected = manifest.RootElement.GetProperty("metrics").GetProperty("pred_coarse");
        Assert.Equal(expected.GetProperty("miou").GetDouble(), doc.RootElement.GetProperty("miou").GetDouble(), 9);
        Assert.Equal(expected.GetProperty("pixel_accuracy").GetDouble(), doc.RootElement.GetProperty("pixel_accuracy").GetDouble(), 9);
        Assert.Equal(3, doc.RootElement.GetProperty("per_class_iou").GetArrayLength());
        Assert.Equal(expected.GetProperty("boundary_f").GetProperty("tol_2px").GetProperty("mean_f_official").GetDouble(),
            doc.RootElement.GetProperty("boundary_f").GetProperty("2").GetProperty("mean_f").GetDouble(), 9);
    }

    [Fact]
    public void SegEval_SizeMismatch_FailsNamingFile()
    {
        var (pred, gt) = Folders("two_rects");
        File.Copy(SharedFixtures.Get("segfix", "street_scene", "label.png"), Path.Combine(pred, "two_rects.png"), true);
        var (code, output) = Run("seg", "eval", "--pred", pred, "--gt", gt, "--classes", "3");
        Assert.Equal(TesseraApp.BadInputExitCode, code);
        Assert.Contains("two_rects.png", output, StringComparison.Ordinal);
        Assert.Contains("size", output, StringComparison.Ordinal);
    }

    [Fact]
    public void SegEval_LabelOutOfRange_FailsNamingFile()
    {
        var (pred, gt) = Folders("junctions");
        var (code, output) = Run("seg", "eval", "--pred", pred, "--gt", gt, "--classes", "3");
        Assert.Equal(TesseraApp.BadInputExitCode, code);
        Assert.Contains("junctions.png", output, StringComparison.Ordinal);
        Assert.Contains("outside [0, 3)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void SegEval_UnreadablePng_FailsNamingFile()
    {
        var (pred, gt) = Folders("two_rects");
        File.WriteAllText(Path.Combine(pred, "two_rects.png"), "garbage");
        var (code, output) = Run("seg", "eval", "--pred", pred, "--gt", gt, "--classes", "3");
        Assert.Equal(TesseraApp.BadInputExitCode, code);
        Assert.Contains("two_rects.png", output, StringComparison.Ordinal);
    }

    [Fact]
    public void SegFixGtThenRefine_WithStoredOffsets_ReproducesFixture()
    {
        var label = SharedFixtures.Get("segfix", "disk_in_square", "label.png");
        var pred = SharedFixtures.Get("segfix", "disk_in_square", "pred_coarse.png");
        var outDir = Path.Combine(_dir.FullName, "gt_out");
        Assert.Equal(0, Run("segfix", "gt", label, "--out", outDir, "--classes", "3").Code);
        Assert.True(File.Exists(Path.Combine(outDir, "offset_m8.npy")));
        var refined = Path.Combine(_dir.FullName, "refined.png");
        Assert.Equal(0, Run("segfix", "refine", pred, "--offsets", SharedFixtures.Get("segfix", "disk_in_square", "k5_offset_m8.npy"), "--out", refined).Code);
        var expected = Core.Arrays.Npy.Read(SharedFixtures.Get("segfix", "disk_in_square", "refined_oracle_k5.npy"));
        Assert.Equal(expected.Bytes.ToArray(), Segmentation.Labels.LabelMapFile.Read(refined).Labels.ToArray());
    }

    [Fact]
    public void SegFixRefine_BothOffsetsAndGt_IsBadInput()
    {
        var label = SharedFixtures.Get("segfix", "two_rects", "label.png");
        var (code, output) = Run("segfix", "refine", label, "--gt", label, "--offsets", "x.npy", "--out", Path.Combine(_dir.FullName, "o.png"));
        Assert.Equal(TesseraApp.BadInputExitCode, code);
        Assert.Contains("--offsets", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Parity_SegFixFolder_AllCasesPass()
    {
        var code = 0;
        var output = Stdout("parity", SharedFixtures.Get("segfix"), "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(28, doc.RootElement.GetArrayLength());
    }
}
