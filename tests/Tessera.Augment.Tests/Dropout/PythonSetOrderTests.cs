using Tessera.Augment.Dropout;

namespace Tessera.Augment.Tests.Dropout;

public class PythonSetOrderTests
{
    [Theory]
    [InlineData(1.5, 1152921504606846977L)]
    [InlineData(-1.0, -2L)]
    [InlineData(7.0, 7L)]
    [InlineData(0.0, 0L)]
    public void HashNumber_KnownValues_MatchCPython(double value, long expected)
        => Assert.Equal(expected, PythonSetOrder.HashNumber(value));

    [Fact]
    public void TupleHash_OneTwo_MatchesCPython()
        => Assert.Equal(unchecked((ulong)-3550055125485641917L), PythonSetOrder.TupleHash([1, 2]));

    [Fact]
    public void Order_SmallInts_IsHashOrder()
    {
        // list(set([(3,), (1,), (2,)])) in CPython 3.11 depends only on the hashes; duplicates collapse
        var order = PythonSetOrder.Order([[3], [1], [2], [1]]);
        Assert.Equal(3, order.Count);
        Assert.Equal(order.Distinct().Count(), order.Count);
        Assert.DoesNotContain(3, order);
    }
}
