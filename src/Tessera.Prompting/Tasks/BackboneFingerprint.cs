using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Prompting.Tasks;

/// <summary>
/// Identifies a frozen backbone's weights: SHA-256 over every parameter's name, shape and float32 bytes (in name
/// order), shortened to 16 hex digits, plus the parameter count. Two backbones with the same fingerprint hold the same
/// weights, so a task trained on one runs unchanged on the other.
/// </summary>
/// <param name="Hash">16 hex digits.</param>
/// <param name="ParameterCount">Number of parameter values.</param>
public sealed record BackboneFingerprint(string Hash, long ParameterCount)
{
    /// <summary>Fingerprints a module's parameters.</summary>
    /// <param name="backbone">The backbone (not modified).</param>
    /// <returns>The fingerprint.</returns>
    public static BackboneFingerprint Of(nn.Module backbone)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long count = 0;
        using var noGrad = torch.no_grad();
        foreach (var (name, p) in backbone.named_parameters().OrderBy(x => x.name, StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes($"{name}[{string.Join(",", p.shape)}];"));
            using var cpu = p.detach().to(ScalarType.Float32).cpu().contiguous();
            sha.AppendData(cpu.bytes);
            count += p.numel();
        }
        var hash = Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
        return new BackboneFingerprint(hash, count);
    }

    /// <summary>The stored form: <c>hash/count</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Hash}/{ParameterCount}");

    /// <summary>Parses <see cref="ToString"/>'s form.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The fingerprint, or null when the text is not in that form.</returns>
    public static BackboneFingerprint? TryParse(string? text)
    {
        var parts = text?.Split('/');
        return parts is { Length: 2 } && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? new BackboneFingerprint(parts[0], n)
            : null;
    }
}
