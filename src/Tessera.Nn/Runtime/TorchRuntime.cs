using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using System.Text;
using Tessera.Core.Errors;
using TorchSharp;

namespace Tessera.Nn.Runtime;

/// <summary>
/// Loads TorchSharp's native libraries once per process, including on Linux distributions whose libstdc++
/// predates GCC 13 (Debian 12, Ubuntu 22.04), where TorchSharp's shim cannot load by itself.
/// </summary>
/// <remarks>
/// <para>
/// Call <see cref="EnsureLoaded"/> before the first use of TorchSharp. Tessera.Nn's public entry points
/// (for example <see cref="Tensors.ImageTensors"/>) call it themselves, and types that wrap TorchSharp call it
/// in their constructors and static methods, so code that only goes through Tessera never needs to. Code
/// that calls TorchSharp directly must call it first: once TorchSharp's <c>torch</c> type has failed to
/// initialise, that failure is permanent for the process.
/// </para>
/// <para>
/// Any TorchSharp backend works: the shim comes from the <c>TorchSharp</c> package, libtorch from whichever backend
/// package the application references (<c>TorchSharp-cpu</c>, or a CUDA build whose libtorch also holds
/// libc10, libtorch_cpu and libtorch, loading its CUDA parts through their run paths). Why the loader exists:
/// TorchSharp 0.107's <c>libLibTorchSharp.so</c> requires <c>GLIBCXX_3.4.32</c> from libstdc++ for a
/// single symbol, <c>std::ios_base_library_init</c>, which GCC 13 references only to order iostream
/// start-up (there is no relocation against it). On Linux, the steps are:
/// </para>
/// <list type="number">
/// <item>find the native folder as the .NET runtime does (<c>NATIVE_DLL_SEARCH_DIRECTORIES</c>, then
/// <c>runtimes/linux-&lt;arch&gt;/native</c> beside TorchSharp and the app);</item>
/// <item>load libc10, libtorch_cpu and libtorch from that folder, the same files TorchSharp itself would load
/// (another copy of libtorch in the process aborts it: "Tried to register multiple backend fallbacks");</item>
/// <item>try the original shim; when that loads, nothing else happens;</item>
/// <item>otherwise copy the shim to <c>$XDG_CACHE_HOME/tessera/torchsharp/&lt;sha256&gt;/</c> (default
/// <c>~/.cache</c>) with that version need marked weak and that one symbol unversioned (see
/// <c>ElfVersionPatcher</c>), written atomically and reused after a hash check, and load the copy;</item>
/// <item>let TorchSharp initialise: its own lookup of "LibTorchSharp" then finds the library already in the
/// process through its SONAME.</item>
/// </list>
/// <para>
/// TorchSharp's <c>torch</c> type can also be initialised by code that touches it directly, on any thread,
/// possibly while another thread is still inside <see cref="EnsureLoaded"/> (or before anyone called it). Its
/// lookup of "LibTorchSharp" would then miss the patched copy and fail for good. So a handler on TorchSharp's
/// <see cref="AssemblyLoadContext.ResolvingUnmanagedDll"/> (installed when Tessera.Nn's module initialises
/// and again by <see cref="EnsureLoaded"/>) answers that lookup: it runs the native steps above (once per
/// process, waiting for a load already in progress) and returns the shim's handle. The native steps never
/// touch the <c>torch</c> type, so a thread initialising it and a thread in <see cref="EnsureLoaded"/> cannot
/// deadlock.
/// </para>
/// <para>
/// On Windows and macOS nothing is patched; TorchSharp's own loading runs. The NuGet cache is never modified.
/// </para>
/// </remarks>
public static class TorchRuntime
{
    /// <summary>The library, version and symbols that the shim fix touches.</summary>
    internal const string LibStdCxx = "libstdc++.so.6";

    /// <summary>The GCC 13 symbol version the shim needs only for <see cref="ShimSymbolsToUnversion"/>.</summary>
    internal const string ShimVersionToWeaken = "GLIBCXX_3.4.32";

    /// <summary>Symbols that may lose their <see cref="ShimVersionToWeaken"/> binding (mangled <c>std::ios_base_library_init()</c>).</summary>
    internal static readonly FrozenSet<string> ShimSymbolsToUnversion =
        new[] { "_ZSt21ios_base_library_initv" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The library name TorchSharp's <c>[DllImport]</c>s and its own loader ask for.</summary>
    internal const string ShimLibraryName = "LibTorchSharp";

    /// <summary>Guards <see cref="s_state"/>; taken before <see cref="NativeGate"/>, never by the resolver.</summary>
    private static readonly Lock Gate = new();
    private static LoadState? s_state;
    private static TorchRuntimeException? s_failure;

    /// <summary>Guards the native steps; held only while loading files, never while touching <c>torch</c>.</summary>
    private static readonly Lock NativeGate = new();
    private static NativeState? s_native;
    private static TorchRuntimeException? s_nativeFailure;
    private static int s_resolverInstalled;
    private static int s_resolverAnswers;

    /// <summary>
    /// Makes TorchSharp usable in this process. Process-wide, thread-safe and idempotent: the first call does
    /// the work, later calls return at once (or throw the first call's failure again).
    /// </summary>
    /// <exception cref="TorchRuntimeException">
    /// The native libraries could not be found or loaded; the message lists the folders searched, the files
    /// loaded, the patch outcome and the dynamic loader's error text.
    /// </exception>
    public static void EnsureLoaded()
    {
        if (Volatile.Read(ref s_state) is not null)
        {
            return;
        }
        InstallResolver();
        lock (Gate)
        {
            if (s_state is not null)
            {
                return;
            }
            if (s_failure is not null)
            {
                throw new TorchRuntimeException(s_failure.Message, s_failure);
            }
            try
            {
                var native = LoadNativeOnce();
                var trace = new List<string>(native.Trace);
                InitializeTorchSharp(trace);
                var answers = Volatile.Read(ref s_resolverAnswers);
                if (answers > 0)
                {
                    trace.Add($"TorchSharp's own lookup of {ShimLibraryName} was answered by the resolver {answers} time(s)");
                }
                Volatile.Write(ref s_state, new LoadState(native.Patched, native.NativeFolder, native.ShimPath, trace));
            }
            catch (TorchRuntimeException e)
            {
                s_failure = e;
                throw;
            }
        }
    }

    /// <summary>
    /// Loads TorchSharp (as <see cref="EnsureLoaded"/>) and reports how: whether the shim was patched, the
    /// native folder, the libtorch version and the thread count. Never throws for a loading failure; the
    /// failure is reported in <see cref="TorchRuntimeInfo.Error"/>.
    /// </summary>
    /// <returns>A description for diagnostics (the CLI's smoke section).</returns>
    public static TorchRuntimeInfo Describe()
    {
        var torchSharpVersion = typeof(torch).Assembly.GetName().Version?.ToString();
        try
        {
            EnsureLoaded();
        }
        catch (TorchRuntimeException e)
        {
            return new TorchRuntimeInfo { Loaded = false, Patched = false, TorchSharpVersion = torchSharpVersion, Error = e.Message };
        }
        var state = Volatile.Read(ref s_state)!;
        return new TorchRuntimeInfo
        {
            Loaded = true,
            Patched = state.Patched,
            NativeFolder = state.NativeFolder,
            ShimPath = state.ShimPath,
            LibTorchVersion = ReadLibTorchVersion(),
            TorchSharpVersion = torchSharpVersion,
            Threads = ReadThreadCount(),
        };
    }

    /// <summary>The steps the successful load took (for tests and diagnostics); empty before loading.</summary>
    internal static IReadOnlyList<string> Trace => Volatile.Read(ref s_state)?.Trace ?? [];

    /// <summary>
    /// Subscribes <see cref="ResolveShim"/> to the load context of TorchSharp's assembly, once per process.
    /// Cheap (no file access); safe to call from any thread.
    /// </summary>
    internal static void InstallResolver()
    {
        if (Interlocked.Exchange(ref s_resolverInstalled, 1) != 0)
        {
            return;
        }
        var assembly = typeof(torch).Assembly;
        (AssemblyLoadContext.GetLoadContext(assembly) ?? AssemblyLoadContext.Default).ResolvingUnmanagedDll += ResolveShim;
    }

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "Only subscribes a resolver (no I/O); it must be in place before any code can touch TorchSharp's torch type, whose failed initialisation is permanent.")]
    internal static void InstallResolverOnModuleLoad() => InstallResolver();

    /// <summary>
    /// Answers TorchSharp's lookup of "LibTorchSharp" after the runtime's own search failed (on Linux, because
    /// the shipped shim needs a newer libstdc++): runs the native steps once and returns the shim's handle.
    /// </summary>
    /// <param name="assembly">The assembly asking.</param>
    /// <param name="name">The library name asked for.</param>
    /// <returns>The loaded shim, or zero to let the runtime report its own failure.</returns>
    private static IntPtr ResolveShim(Assembly assembly, string name)
    {
        if (assembly != typeof(torch).Assembly || !IsShimName(name))
        {
            return IntPtr.Zero;
        }
        try
        {
            var handle = LoadNativeOnce().ShimHandle;
            if (handle != IntPtr.Zero)
            {
                Interlocked.Increment(ref s_resolverAnswers);
            }
            return handle;
        }
        catch (TorchRuntimeException)
        {
            // Recorded in s_nativeFailure; EnsureLoaded reports it with the full trace.
            return IntPtr.Zero;
        }
    }

    /// <summary>True for the names under which the runtime or TorchSharp may ask for the shim.</summary>
    /// <param name="name">A library name as passed to the resolver.</param>
    /// <returns>Whether it names the shim.</returns>
    internal static bool IsShimName(string name) =>
        name is ShimLibraryName or TorchNativeLocator.ShimFileName or "LibTorchSharp.so" or "libLibTorchSharp";

    /// <summary>The process-wide native steps, done once; later calls return the result (or rethrow the failure).</summary>
    private static NativeState LoadNativeOnce()
    {
        if (Volatile.Read(ref s_native) is { } done)
        {
            return done;
        }
        lock (NativeGate)
        {
            if (s_native is not null)
            {
                return s_native;
            }
            if (s_nativeFailure is not null)
            {
                throw new TorchRuntimeException(s_nativeFailure.Message, s_nativeFailure);
            }
            try
            {
                var native = LoadNative(null, PatchedShimCache.DefaultRoot());
                Volatile.Write(ref s_native, native);
                return native;
            }
            catch (TorchRuntimeException e)
            {
                s_nativeFailure = e;
                throw;
            }
        }
    }

    /// <summary>Does the loading (see the type remarks). Not guarded: callers go through <see cref="EnsureLoaded"/>.</summary>
    /// <param name="directories">Folders to search; null for the runtime's (<see cref="TorchNativeLocator.SearchDirectories"/>).</param>
    /// <param name="cacheRoot">Where patched copies go.</param>
    /// <returns>What was loaded and how.</returns>
    /// <exception cref="TorchRuntimeException">Any step failed.</exception>
    internal static LoadState Load(IReadOnlyList<string>? directories, string cacheRoot)
    {
        var native = LoadNative(directories, cacheRoot);
        var trace = new List<string>(native.Trace);
        InitializeTorchSharp(trace);
        return new LoadState(native.Patched, native.NativeFolder, native.ShimPath, trace);
    }

    /// <summary>
    /// The native steps of <see cref="Load"/>: finds and loads libtorch and the shim (patching it when needed),
    /// without touching TorchSharp's <c>torch</c> type.
    /// </summary>
    /// <param name="directories">Folders to search; null for the runtime's.</param>
    /// <param name="cacheRoot">Where patched copies go.</param>
    /// <returns>What was loaded.</returns>
    /// <exception cref="TorchRuntimeException">Any step failed.</exception>
    internal static NativeState LoadNative(IReadOnlyList<string>? directories, string cacheRoot)
    {
        var trace = new List<string>();
        if (!OperatingSystem.IsLinux())
        {
            trace.Add($"{RuntimeInformation.OSDescription}: no patching needed; TorchSharp loads its own libraries");
            return new NativeState(false, null, null, IntPtr.Zero, trace);
        }

        VectorIsaLimit.Apply(trace);
        NativeAllocatorTuning.Apply(trace);
        directories ??= TorchNativeLocator.SearchDirectories(typeof(torch).Assembly);
        var files = TorchNativeLocator.Locate(directories);
        trace.Add($"searched for {TorchNativeLocator.ShimFileName} in: {string.Join(", ", directories)}");
        if (files.ShimPath is null)
        {
            trace.Add("shim not found; leaving the loading to TorchSharp");
            return new NativeState(false, null, null, IntPtr.Zero, trace);
        }
        trace.Add($"native folder: {files.NativeFolder}");

        foreach (var (name, path) in new[]
        {
            (TorchNativeLocator.C10FileName, files.C10Path),
            (TorchNativeLocator.TorchCpuFileName, files.TorchCpuPath),
            (TorchNativeLocator.TorchFileName, files.TorchPath),
        })
        {
            if (path is null)
            {
                throw Failure(trace, $"{name} was not found in any searched folder; does the application reference a TorchSharp backend package (TorchSharp-cpu, or a CUDA build such as TorchSharp-cuda-linux)? Tessera.Nn references only TorchSharp, which holds no libtorch");
            }
            if (!TryLoad(path, out var handle, out var error))
            {
                throw Failure(trace, $"loading {path} failed: {error}");
            }
            trace.Add($"loaded {path}");
            if (name == TorchNativeLocator.C10FileName)
            {
                NativeLogLevel.Apply(handle, trace);
            }
        }

        if (TryLoad(files.ShimPath, out var originalHandle, out var originalError))
        {
            trace.Add($"loaded {files.ShimPath} as shipped (no patch needed)");
            return new NativeState(false, files.NativeFolder, files.ShimPath, originalHandle, trace);
        }
        trace.Add($"loading {files.ShimPath} as shipped failed: {originalError}");
        trace.Add(DescribeLibStdCxx());

        IReadOnlyList<ElfVersionNeed> needs;
        try
        {
            needs = ElfVersionPatcher.ReadVersionNeeds(File.ReadAllBytes(files.ShimPath), files.ShimPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TesseraFormatException)
        {
            throw Failure(trace, $"reading {files.ShimPath} failed: {e.Message}", e);
        }
        var stdcxx = needs.FirstOrDefault(n => n.File == LibStdCxx);
        trace.Add($"shim requires from {LibStdCxx}: {(stdcxx is null ? "nothing" : string.Join(" ", stdcxx.Versions.Select(v => v.Name)))}");
        if (stdcxx is null || stdcxx.Versions.All(v => v.Name != ShimVersionToWeaken))
        {
            throw Failure(trace, $"the shim does not require {ShimVersionToWeaken}, so the known fix does not apply");
        }

        var prepared = PrepareCopy(files.ShimPath, cacheRoot, trace);
        trace.Add($"patch: {prepared.Patch}");
        trace.Add(prepared.Reused ? $"reused verified copy {prepared.Path}" : $"wrote patched copy {prepared.Path}");
        if (!TryLoad(prepared.Path, out var patchedHandle, out var patchedError))
        {
            throw Failure(trace, $"loading the patched copy {prepared.Path} failed: {patchedError}");
        }
        trace.Add($"loaded {prepared.Path}");
        return new NativeState(true, files.NativeFolder, prepared.Path, patchedHandle, trace);
    }

    private static PreparedShim PrepareCopy(string shimPath, string root, List<string> trace)
    {
        ElfPatchResult Patch(byte[] original)
        {
            var result = ElfVersionPatcher.Patch(original, ShimVersionToWeaken, ShimSymbolsToUnversion, shimPath);
            if (!result.VersionFound || result.SymbolsStillRequiringVersion > 0)
            {
                throw Failure(trace, $"patching {shimPath} would not be safe: {result}");
            }
            return result;
        }

        try
        {
            return PatchedShimCache.GetOrCreate(shimPath, root, Patch);
        }
        catch (TesseraFormatException e)
        {
            throw Failure(trace, $"the shim is not a well-formed ELF object: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            trace.Add($"cache folder {root} is not usable ({e.Message}); trying a per-user temp folder");
        }
        try
        {
            return PatchedShimCache.GetOrCreate(shimPath, PatchedShimCache.FallbackRoot(), Patch);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failure(trace, $"no writable cache folder for the patched shim: {e.Message}", e);
        }
    }

    private static bool TryLoad(string path, out IntPtr handle, out string error)
    {
        try
        {
            handle = NativeLibrary.Load(path);
            error = "";
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            // The runtime's message carries dlerror()'s text after a generic preamble; keep the text.
            var message = e.Message;
            var cut = message.IndexOf("LD_DEBUG environment variable:", StringComparison.Ordinal);
            error = (cut >= 0 ? message[(cut + "LD_DEBUG environment variable:".Length)..] : message).Trim();
            handle = IntPtr.Zero;
            return false;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void InitializeTorchSharp(List<string> trace)
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
            trace.Add("TorchSharp initialised (CPU)");
        }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException
            or EntryPointNotFoundException or InvalidOperationException)
        {
            var inner = e is TypeInitializationException { InnerException: { } cause } ? cause : e;
            throw Failure(trace, $"TorchSharp failed to initialise: {inner.Message}", e);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string? ReadLibTorchVersion() => torch.__version__;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int ReadThreadCount() => torch.get_num_threads();

    /// <summary>Names the libstdc++ mapped into this process and the newest GLIBCXX version it defines.</summary>
    private static string DescribeLibStdCxx()
    {
        try
        {
            var path = File.ReadLines("/proc/self/maps")
                .Select(line => line.IndexOf('/', StringComparison.Ordinal) is var i and >= 0 ? line[i..] : null)
                .FirstOrDefault(p => p is not null && Path.GetFileName(p).StartsWith("libstdc++.so", StringComparison.Ordinal));
            if (path is null)
            {
                return "libstdc++ is not mapped into the process";
            }
            var newest = ElfVersionPatcher.ReadVersionDefinitions(File.ReadAllBytes(path), path)
                .Where(v => v.StartsWith("GLIBCXX_", StringComparison.Ordinal))
                .Select(v => (Name: v, Key: Version.TryParse(v["GLIBCXX_".Length..], out var parsed) ? parsed : null))
                .Where(v => v.Key is not null)
                .MaxBy(v => v.Key);
            return $"libstdc++ in use: {path} (newest version {newest.Name ?? "unknown"})";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TesseraFormatException)
        {
            return $"could not inspect libstdc++: {e.Message}";
        }
    }

    private static TorchRuntimeException Failure(List<string> trace, string problem, Exception? inner = null)
    {
        var message = new StringBuilder("TorchSharp's native libraries could not be loaded: ").Append(problem).AppendLine();
        message.AppendLine("What was tried:");
        foreach (var step in trace)
        {
            message.Append("  - ").AppendLine(step);
        }
        return inner is null ? new TorchRuntimeException(message.ToString()) : new TorchRuntimeException(message.ToString(), inner);
    }

    /// <summary>The outcome of a successful load.</summary>
    /// <param name="Patched">True when the patched copy was loaded.</param>
    /// <param name="NativeFolder">The folder holding the original shim, when found.</param>
    /// <param name="ShimPath">The shim file loaded, when known.</param>
    /// <param name="Trace">The steps taken.</param>
    internal sealed record LoadState(bool Patched, string? NativeFolder, string? ShimPath, IReadOnlyList<string> Trace);

    /// <summary>The outcome of the native steps.</summary>
    /// <param name="Patched">True when the patched copy was loaded.</param>
    /// <param name="NativeFolder">The folder holding the original shim, when found.</param>
    /// <param name="ShimPath">The shim file loaded, when known.</param>
    /// <param name="ShimHandle">The loaded shim's handle; zero when TorchSharp is left to load it.</param>
    /// <param name="Trace">The steps taken.</param>
    internal sealed record NativeState(bool Patched, string? NativeFolder, string? ShimPath, IntPtr ShimHandle, IReadOnlyList<string> Trace);
}
