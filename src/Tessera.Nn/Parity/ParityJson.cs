using System.Text.Json;
using Tessera.Core.Arrays;
using Tessera.Core.Parity;

namespace Tessera.Nn.Parity;

/// <summary>Reads a case output spec <c>{file, atol, rtol}</c> for the model parity handlers (manifests and allclose are in Tessera.Core.Parity).</summary>
internal static class ParityJson
{
    public static ParityOutcome AllCloseOutput(string directory, JsonElement outputs, string name, NdArray actual)
    {
        var o = outputs.GetProperty(name);
        var expected = Npy.Read(Path.Combine(directory, o.GetProperty("file").GetString()!));
        return ParityOutcome.AllClose(name, actual, expected, o.GetProperty("atol").GetDouble(), o.GetProperty("rtol").GetDouble());
    }
}
