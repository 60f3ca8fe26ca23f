namespace Tessera.Augment.Common;

/// <summary>
/// NumPy's legacy <c>RandomState(seed)</c> stream (MT19937 seeded with <c>init_genrand</c>; <c>random_sample</c>
/// from two 32-bit outputs, 53 bits). Transforms whose 1.3.1 parameter is only a NumPy seed (ElasticTransform)
/// use it to rebuild the same random field from the recorded seed.
/// </summary>
internal sealed class NumpyRandomState
{
    private const int N = 624;
    private const int M = 397;
    private readonly uint[] _mt = new uint[N];
    private int _pos;

    public NumpyRandomState(uint seed)
    {
        var s = seed;
        for (var i = 0; i < N; i++)
        {
            _mt[i] = s;
            s = unchecked((1812433253U * (s ^ (s >> 30))) + (uint)i + 1);
        }
        _pos = N;
    }

    public uint NextUInt32()
    {
        if (_pos >= N)
        {
            Generate();
        }
        var y = _mt[_pos++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680U;
        y ^= (y << 15) & 0xefc60000U;
        y ^= y >> 18;
        return y;
    }

    /// <summary><c>random_sample()</c>: a double in [0, 1).</summary>
    public double RandomSample()
    {
        var a = NextUInt32() >> 5;
        var b = NextUInt32() >> 6;
        return ((a * 67108864.0) + b) / 9007199254740992.0;
    }

    /// <summary><c>uniform(low, high)</c>.</summary>
    public double Uniform(double low, double high) => low + ((high - low) * RandomSample());

    private void Generate()
    {
        for (var i = 0; i < N; i++)
        {
            var y = (_mt[i] & 0x80000000U) | (_mt[(i + 1) % N] & 0x7fffffffU);
            var v = _mt[(i + M) % N] ^ (y >> 1);
            if ((y & 1) != 0)
            {
                v ^= 0x9908b0dfU;
            }
            _mt[i] = v;
        }
        _pos = 0;
    }
}
