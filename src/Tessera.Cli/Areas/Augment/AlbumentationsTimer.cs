using System.Diagnostics;
using System.Text.Json.Nodes;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;

namespace Tessera.Cli.Areas.Augment;

/// <summary>One albumentations repeat: images per second by wall clock and by the Python process's CPU time.</summary>
/// <param name="Wall">Images per second, wall clock.</param>
/// <param name="Cpu">Images per second, CPU time of the Python process.</param>
internal readonly record struct PeerRepeat(double Wall, double Cpu);

/// <summary>
/// The real albumentations (1.3.1 from the source folder <c>ALBUMENTATIONS_SRC</c>, qudida beside it) in a Python process
/// that stays up for the whole benchmark, so that each transform is timed by Tessera and by albumentations in turn, on
/// the same images. Runs the embedded <c>albumentations_timing.py</c>.
/// </summary>
internal sealed class AlbumentationsTimer : IDisposable
{
    private const string ResourceName = "Tessera.Cli.Bench.albumentations_timing.py";

    private readonly Process _process;
    private readonly string _folder;
    private readonly CancellationTokenRegistration _registration;
    private readonly Task<string> _stderr;
    private readonly CancellationToken _cancellationToken;

    /// <summary>Versions the peer reported (albumentations, opencv, numpy, python).</summary>
    public JsonObject Versions { get; }

    private AlbumentationsTimer(Process process, string folder, CancellationToken cancellationToken)
    {
        _process = process;
        _folder = folder;
        _cancellationToken = cancellationToken;
        _stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        _registration = cancellationToken.Register(Kill);
        var ready = ReadReply("start-up");
        Versions = ready;
        Versions.Remove("ready");
    }

    /// <summary>Checks that <paramref name="source"/> holds the albumentations package; returns its full path.</summary>
    public static string CheckSource(string? source)
    {
        if (source is null)
        {
            throw new TesseraArgumentException("--albumentations-src", "not given and ALBUMENTATIONS_SRC is not set (see shared/reference/README.md)");
        }
        Guard.That(Directory.Exists(Path.Combine(source, "albumentations")), "--albumentations-src", $"'{source}' must hold the albumentations package folder");
        return Path.GetFullPath(source);
    }

    /// <summary>Starts the peer on <paramref name="images"/> (square RGB uint8, all of one size).</summary>
    public static AlbumentationsTimer Start(string python, string source, IReadOnlyList<Image> images, JsonObject transforms, double minSeconds,
        CancellationToken cancellationToken)
    {
        var size = images[0].Height;
        var folder = Directory.CreateTempSubdirectory("tessera-bench-alb-").FullName;
        try
        {
            var script = Path.Combine(folder, "albumentations_timing.py");
            using (var resource = typeof(AlbumentationsTimer).Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing"))
            using (var file = File.Create(script))
            {
                resource.CopyTo(file);
            }
            var pixels = Path.Combine(folder, "images.u8");
            using (var file = File.Create(pixels))
            {
                foreach (var image in images)
                {
                    if (image.Height != size || image.Width != size || image.Channels != 3 || image.PixelType != PixelType.UInt8)
                    {
                        throw new InvalidOperationException("benchmark images must be square RGB uint8 of one size");
                    }
                    file.Write(image.Bytes);
                }
            }
            var transformsPath = Path.Combine(folder, "transforms.json");
            File.WriteAllText(transformsPath, transforms.ToJsonString());
            var start = new ProcessStartInfo(python)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { script, pixels, Str(images.Count), Str(size), transformsPath, minSeconds.ToString("R", System.Globalization.CultureInfo.InvariantCulture) })
            {
                start.ArgumentList.Add(arg);
            }
            List<string> paths = [source];
            var qudida = Path.Combine(Path.GetDirectoryName(source.TrimEnd('/'))!, "qudida");
            if (Directory.Exists(qudida))
            {
                paths.Add(qudida);
            }
            if (Environment.GetEnvironmentVariable("PYTHONPATH") is { Length: > 0 } existing)
            {
                paths.Add(existing);
            }
            start.Environment["PYTHONPATH"] = string.Join(':', paths);
            Process process;
            try
            {
                process = Process.Start(start) ?? throw new TesseraArgumentException("--python", $"'{python}' could not be started");
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw new TesseraArgumentException("--python", $"'{python}' could not be started ({ex.Message})");
            }
            return new AlbumentationsTimer(process, folder, cancellationToken);
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    /// <summary>Times one repeat of <paramref name="name"/> (whole passes over the images for at least the minimum time).</summary>
    public PeerRepeat Time(string name)
    {
        _process.StandardInput.WriteLine(name);
        _process.StandardInput.Flush();
        var reply = ReadReply(name);
        if (reply["error"]?.GetValue<string>() is { } error)
        {
            throw new TesseraArgumentException("--transforms", $"albumentations failed on {name}: {error}");
        }
        return new PeerRepeat(reply["images_per_second"]!.GetValue<double>(), reply["images_per_second_cpu"]!.GetValue<double>());
    }

    private JsonObject ReadReply(string what)
    {
        var line = _process.StandardOutput.ReadLine();
        _cancellationToken.ThrowIfCancellationRequested();
        if (line is null)
        {
            _process.WaitForExit();
            var last = _stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim() ?? $"exit code {_process.ExitCode}";
            throw new TesseraArgumentException("--albumentations", $"the albumentations process stopped during {what}: {last}");
        }
        return JsonNode.Parse(line) as JsonObject
            ?? throw new TesseraArgumentException("--albumentations", $"the albumentations process printed '{line}' during {what}");
    }

    private void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _registration.Dispose();
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000))
            {
                Kill();
            }
        }
        catch (IOException)
        {
            Kill();
        }
        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static string Str(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
