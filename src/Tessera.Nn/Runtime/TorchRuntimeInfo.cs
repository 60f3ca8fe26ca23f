namespace Tessera.Nn.Runtime;

/// <summary>What <see cref="TorchRuntime.Describe"/> reports about the TorchSharp native runtime.</summary>
public sealed record TorchRuntimeInfo
{
    /// <summary>True when TorchSharp's native libraries are loaded and usable.</summary>
    public required bool Loaded { get; init; }

    /// <summary>True when the shim had to be loaded from a patched copy (old libstdc++, see <see cref="TorchRuntime"/>).</summary>
    public required bool Patched { get; init; }

    /// <summary>The folder the native libraries (libtorch, the original shim) were loaded from; null when not known.</summary>
    public string? NativeFolder { get; init; }

    /// <summary>The shim file that was loaded: the original, or the patched copy in the cache; null when not known.</summary>
    public string? ShimPath { get; init; }

    /// <summary>The libtorch version TorchSharp reports (<c>torch.__version__</c>); null when not loaded.</summary>
    public string? LibTorchVersion { get; init; }

    /// <summary>The TorchSharp assembly version.</summary>
    public string? TorchSharpVersion { get; init; }

    /// <summary>Intra-op threads (<c>torch.get_num_threads()</c>); 0 when not loaded.</summary>
    public int Threads { get; init; }

    /// <summary>Why loading failed; null when <see cref="Loaded"/> is true.</summary>
    public string? Error { get; init; }
}
