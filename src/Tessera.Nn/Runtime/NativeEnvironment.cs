using System.Runtime.InteropServices;

namespace Tessera.Nn.Runtime;

/// <summary>
/// The process environment as native libraries see it (libc <c>getenv</c>/<c>setenv</c>). .NET's
/// <see cref="Environment.SetEnvironmentVariable(string, string)"/> keeps its own copy that libtorch never reads.
/// </summary>
internal static partial class NativeEnvironment
{
    /// <summary>The value native code sees for a variable.</summary>
    /// <param name="name">The variable.</param>
    /// <returns>Its value, or null when unset.</returns>
    internal static string? Get(string name) => Marshal.PtrToStringUTF8(NativeGetEnv(name));

    /// <summary>Sets a variable unless it is already set (libc <c>setenv</c> with overwrite 0).</summary>
    /// <param name="name">The variable.</param>
    /// <param name="value">The value.</param>
    /// <returns>True when libc reported success (also when the variable was already set and kept).</returns>
    internal static bool SetUnlessPresent(string name, string value) => NativeSetEnv(name, value, 0) == 0;

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr NativeGetEnv(string name);

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int NativeSetEnv(string name, string value, int overwrite);
}
