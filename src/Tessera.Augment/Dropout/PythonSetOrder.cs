namespace Tessera.Augment.Dropout;

/// <summary>
/// The iteration order of a CPython 3.11 <c>set</c> built from a list of numeric tuples. albumentations 1.3.1's
/// <c>CoarseDropout.apply_to_keypoints</c> returns <c>list(set(keypoints))</c>, so its output order is the set's
/// hash-table order; this reproduces it for tuples of ints and floats (whose hashes CPython does not randomise).
/// </summary>
internal static class PythonSetOrder
{
    private const ulong Modulus = (1UL << 61) - 1;
    private const ulong Prime1 = 11400714785074694791UL;
    private const ulong Prime2 = 14029467366897019727UL;
    private const ulong Prime5 = 2870177450012600261UL;

    /// <summary>Indices of <paramref name="tuples"/> in the order <c>list(set(tuples))</c> yields them (duplicates dropped).</summary>
    public static IReadOnlyList<int> Order(IReadOnlyList<double[]> tuples)
    {
        var mask = 7UL;
        var table = new int[8];
        Array.Fill(table, -1);
        var hashes = tuples.Select(TupleHash).ToArray();
        var fill = 0;
        for (var k = 0; k < tuples.Count; k++)
        {
            var h = hashes[k];
            var perturb = h;
            var i = h & mask;
            var found = false;
            while (true)
            {
                var probes = i + 9 <= mask ? 9 : 0;
                var j = i;
                var placed = false;
                for (var step = 0; step <= probes; step++, j++)
                {
                    var slot = table[j];
                    if (slot < 0)
                    {
                        table[j] = k;
                        placed = true;
                        break;
                    }
                    if (hashes[slot] == h && tuples[slot].SequenceEqual(tuples[k]))
                    {
                        found = true;
                        break;
                    }
                }
                if (placed || found)
                {
                    break;
                }
                perturb >>= 5;
                i = ((i * 5) + 1 + perturb) & mask;
            }
            if (found)
            {
                continue;
            }
            fill++;
            if ((ulong)fill * 5 >= mask * 3)
            {
                var used = fill;
                var newSize = 8UL;
                var minUsed = (ulong)(used > 50000 ? used * 2 : used * 4);
                while (newSize <= minUsed)
                {
                    newSize <<= 1;
                }
                var newTable = new int[newSize];
                Array.Fill(newTable, -1);
                var newMask = newSize - 1;
                foreach (var entry in table)
                {
                    if (entry >= 0)
                    {
                        InsertClean(newTable, newMask, entry, hashes[entry]);
                    }
                }
                table = newTable;
                mask = newMask;
            }
        }
        return table.Where(e => e >= 0).ToList();
    }

    private static void InsertClean(int[] table, ulong mask, int key, ulong hash)
    {
        var perturb = hash;
        var i = hash & mask;
        while (true)
        {
            if (table[i] < 0)
            {
                table[i] = key;
                return;
            }
            if (i + 9 <= mask)
            {
                for (var j = 1UL; j <= 9; j++)
                {
                    if (table[i + j] < 0)
                    {
                        table[i + j] = key;
                        return;
                    }
                }
            }
            perturb >>= 5;
            i = ((i * 5) + 1 + perturb) & mask;
        }
    }

    internal static ulong TupleHash(double[] items)
    {
        var acc = Prime5;
        foreach (var item in items)
        {
            var lane = (ulong)HashNumber(item);
            acc += lane * Prime2;
            acc = ulong.RotateLeft(acc, 31);
            acc *= Prime1;
        }
        acc += (ulong)items.Length ^ (Prime5 ^ 3527539UL);
        return acc == ulong.MaxValue ? 1546275796UL : acc;
    }

    /// <summary>CPython <c>_Py_HashDouble</c> (equals the int hash for integral values).</summary>
    internal static long HashNumber(double v)
    {
        if (double.IsInfinity(v))
        {
            return v > 0 ? 314159 : -314159;
        }
        if (double.IsNaN(v))
        {
            return 0;
        }
        var (m, e) = Frexp(v);
        var sign = 1L;
        if (m < 0)
        {
            sign = -1;
            m = -m;
        }
        ulong x = 0;
        while (m != 0)
        {
            x = ((x << 28) & Modulus) | (x >> (61 - 28));
            m *= 268435456.0;
            e -= 28;
            var y = (ulong)m;
            m -= y;
            x += y;
            if (x >= Modulus)
            {
                x -= Modulus;
            }
        }
        e = e >= 0 ? e % 61 : 61 - 1 - ((-1 - e) % 61);
        x = ((x << e) & Modulus) | (x >> (61 - e));
        var r = (long)x * sign;
        return r == -1 ? -2 : r;
    }

    private static (double Mantissa, int Exponent) Frexp(double v)
    {
        if (v == 0)
        {
            return (0, 0);
        }
        var bits = BitConverter.DoubleToInt64Bits(v);
        var exp = (int)((bits >> 52) & 0x7FF);
        if (exp == 0)
        {
            var (m, e) = Frexp(v * Math.Pow(2, 54));
            return (m, e - 54);
        }
        var e2 = exp - 1022;
        var mant = BitConverter.Int64BitsToDouble((bits & ~(0x7FFL << 52)) | (1022L << 52));
        return (mant, e2);
    }
}
