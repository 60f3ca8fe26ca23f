using System.Runtime.InteropServices;

namespace Tessera.Nn.Runtime;

/// <summary>
/// Keeps libtorch's own C++ log (c10's <c>LOG(WARNING)</c>) at errors only, unless the user chose a level, so that
/// lines like "Could not initialize NNPACK! Reason: Unsupported hardware." (printed at every convolution on CPUs
/// NNPACK does not support) do not flood a command's stderr.
/// </summary>
/// <remarks>
/// libtorch reads its level from <c>TORCH_CPP_LOG_LEVEL</c> only when <c>c10::initLogging()</c> runs, which PyTorch's
/// Python module does and TorchSharp does not. So, after libc10 is loaded: when the user has not set the variable, it is
/// set to <c>ERROR</c> (libc <c>setenv</c>); then <c>c10::initLogging()</c> is called, which applies the variable,
/// whoever set it. <c>TORCH_CPP_LOG_LEVEL=WARNING</c> (or <c>INFO</c>) brings the lines back. Only the C++ log is
/// affected: libtorch's warnings and errors raised to TorchSharp (<c>TORCH_WARN</c>, exceptions) are unchanged, and no
/// kernel choice changes.
/// </remarks>
internal static class NativeLogLevel
{
    /// <summary>The variable libtorch reads.</summary>
    internal const string Variable = "TORCH_CPP_LOG_LEVEL";

    /// <summary>The level used when the user set none.</summary>
    internal const string DefaultLevel = "ERROR";

    /// <summary>The mangled name of <c>c10::initLogging()</c> in libc10.</summary>
    internal const string InitLoggingSymbol = "_ZN3c1011initLoggingEv";

    private delegate void InitLogging();

    /// <summary>Applies the level through the already loaded libc10; never throws (a missing symbol is traced).</summary>
    /// <param name="c10Handle">The handle of the loaded libc10.</param>
    /// <param name="trace">Receives one line saying what was done.</param>
    internal static void Apply(IntPtr c10Handle, List<string> trace)
    {
        var existing = NativeEnvironment.Get(Variable);
        if (existing is null && !NativeEnvironment.SetUnlessPresent(Variable, DefaultLevel))
        {
            trace.Add($"setenv {Variable} failed; libtorch's C++ log keeps its default level");
            return;
        }
        if (!NativeLibrary.TryGetExport(c10Handle, InitLoggingSymbol, out var address))
        {
            trace.Add($"libc10 exports no c10::initLogging; libtorch's C++ log keeps its default level");
            return;
        }
        Marshal.GetDelegateForFunctionPointer<InitLogging>(address)();
        trace.Add(existing is null
            ? $"{Variable}={DefaultLevel}: libtorch's C++ warnings (NNPACK and the like) are not printed"
            : $"{Variable}={existing} was set by the user; applied");
    }
}
