namespace Tessera.Data.Digits;

/// <summary>Which part of the digits to load (see <see cref="MnistDigits"/> for the fixed split).</summary>
public enum DigitSplit
{
    /// <summary>Every digit of the package (10,000).</summary>
    All,

    /// <summary>Per class, the first 80 % of the package's digits (rounded down): 7,996 digits.</summary>
    Train,

    /// <summary>Per class, the remaining 20 %: 2,004 digits.</summary>
    Test,
}
