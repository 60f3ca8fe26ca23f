using System.Text.Json;
using System.Text.Json.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.IO;
using Tessera.Diffusion.Models.UNet;
using Tessera.Diffusion.Process;

namespace Tessera.Diffusion.Models;

/// <summary>
/// Everything needed to rebuild a trained diffusion model beside its weights: the UNet sizes, the training process
/// and the image size. Stored as <c>config.json</c> (format <c>tessera-diffusion/1</c>) next to <c>ema.safetensors</c>.
/// </summary>
public sealed record DiffusionModelSpec
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Format tag.</summary>
    public string Format { get; init; } = "tessera-diffusion/1";

    /// <summary>The network.</summary>
    public required UNetConfig UNet { get; init; }

    /// <summary>The training process.</summary>
    public required DiffusionOptions Process { get; init; }

    /// <summary>Image side (square images).</summary>
    public required int ImageSize { get; init; }

    /// <summary>The [C, H, W] of one image.</summary>
    public long[] ImageShape => [UNet.InChannels, ImageSize, ImageSize];

    /// <summary>The spec as indented JSON (what <see cref="Save"/> writes).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Writes the spec as JSON (atomically).</summary>
    /// <param name="path">Destination.</param>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        AtomicFile.WriteAllText(path, ToJson());
    }

    /// <summary>Reads a spec.</summary>
    /// <param name="path">A <c>config.json</c> written by <see cref="Save"/>.</param>
    /// <returns>The spec.</returns>
    /// <exception cref="TesseraFormatException">The file is not a Tessera diffusion spec.</exception>
    public static DiffusionModelSpec Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        DiffusionModelSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<DiffusionModelSpec>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new TesseraFormatException(path, null, $"not a diffusion model spec: {e.Message}");
        }
        if (spec is null || spec.Format != "tessera-diffusion/1")
        {
            throw new TesseraFormatException(path, null, "not a tessera-diffusion/1 model spec");
        }
        spec.UNet.Validate();
        return spec;
    }
}
