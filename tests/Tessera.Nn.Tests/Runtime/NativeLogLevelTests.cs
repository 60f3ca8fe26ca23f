using System.Runtime.InteropServices;
using Tessera.Nn.Runtime;

namespace Tessera.Nn.Tests.Runtime;

public sealed class NativeLogLevelTests
{
    /// <summary>
    /// After loading, libc10's own level flag (what c10's LOG(WARNING) is compared with) says "errors only" unless the
    /// user chose a level; before the fix it stayed at 0 and every convolution printed the NNPACK line.
    /// </summary>
    [Fact]
    public void AfterLoading_LibTorchsCppLogIsAtTheChosenLevel()
    {
        TorchRuntime.EnsureLoaded();
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var level = NativeEnvironment.Get(NativeLogLevel.Variable);
        Assert.NotNull(level);
        Assert.Contains(TorchRuntime.Trace, step => step.StartsWith(NativeLogLevel.Variable + "=", StringComparison.Ordinal));
        var c10 = NativeLibrary.Load(TorchNativeLocator.C10FileName);
        Assert.True(NativeLibrary.TryGetExport(c10, "FLAGS_caffe2_log_level", out var flag));
        var expected = level.ToUpperInvariant() switch
        {
            "INFO" => 0,
            "WARNING" => 1,
            "ERROR" => 2,
            "FATAL" => 3,
            _ => -1,
        };
        if (expected >= 0)
        {
            Assert.Equal(expected, Marshal.ReadInt32(flag));
        }
        if (Environment.GetEnvironmentVariable(NativeLogLevel.Variable) is null)
        {
            Assert.Equal(NativeLogLevel.DefaultLevel, level);
            Assert.Equal(2, Marshal.ReadInt32(flag));
        }
    }
}
