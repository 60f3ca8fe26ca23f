using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Tessera.Docs.Tests;

/// <summary>
/// Compiles a snippet as a top-level-statements program the way the Tessera projects are built: C# latest, nullable
/// enabled, the SDK's implicit usings, referencing the platform assemblies plus every managed assembly next to the
/// test assembly (the Tessera libraries and their dependencies). Nothing is emitted or run.
/// </summary>
internal static class SnippetCompiler
{
    /// <summary>The implicit usings of Microsoft.NET.Sdk console projects (ImplicitUsings=enable).</summary>
    private const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    private static readonly string[] Libraries =
        ["Tessera.Core", "Tessera.Imaging", "Tessera.Augment", "Tessera.Geometry", "Tessera.Segmentation", "Tessera.Data", "Tessera.Nn", "Tessera.Dense", "Tessera.Prompting", "Tessera.Diffusion", "Tessera.World"];

    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(LoadReferences);

    /// <summary>The file names (without extension) of the assemblies a snippet is compiled against.</summary>
    public static IEnumerable<string> ReferenceNames =>
        References.Value.Select(r => System.IO.Path.GetFileNameWithoutExtension(((PortableExecutableReference)r).FilePath!));

    /// <summary>The error diagnostics of <paramref name="snippet"/>, each as "file:line:col: error CSxxxx: message".</summary>
    public static IReadOnlyList<string> Errors(MarkdownSnippet snippet) =>
        [.. Diagnostics(snippet)
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .OrderBy(d => d.Location.SourceSpan.Start)
            .Select(d => Describe(snippet, d))];

    /// <summary>All diagnostics (errors and warnings) of compiling <paramref name="snippet"/>.</summary>
    public static IReadOnlyList<Diagnostic> Diagnostics(MarkdownSnippet snippet)
    {
        var parse = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);
        var code = CSharpSyntaxTree.ParseText(snippet.Code, parse, path: snippet.File, encoding: Encoding.UTF8);
        var usings = CSharpSyntaxTree.ParseText(ImplicitUsings, parse, path: "ImplicitUsings.g.cs", encoding: Encoding.UTF8);
        var options = new CSharpCompilationOptions(OutputKind.ConsoleApplication)
            .WithNullableContextOptions(NullableContextOptions.Enable)
            .WithAllowUnsafe(false);
        var compilation = CSharpCompilation.Create("Snippet", [code, usings], References.Value, options);
        return compilation.GetDiagnostics();
    }

    private static string Describe(MarkdownSnippet snippet, Diagnostic diagnostic)
    {
        if (!diagnostic.Location.IsInSource || diagnostic.Location.SourceTree?.FilePath != snippet.File)
        {
            return $"{snippet.Id}: error {diagnostic.Id}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
        }

        var span = diagnostic.Location.GetLineSpan();
        var codeLine = span.StartLinePosition.Line + 1;
        var source = snippet.Code.Split('\n')[codeLine - 1].Trim();
        return $"{snippet.File}:{snippet.MarkdownLine(codeLine)}:{span.StartLinePosition.Character + 1}: error {diagnostic.Id}: "
            + $"{diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}\n    | {source}";
    }
    /// <summary>
    /// The platform assemblies (the shared framework part of TRUSTED_PLATFORM_ASSEMBLIES) plus the Tessera libraries
    /// and, transitively, the assemblies they reference from the test's output folder (OpenCvSharp, TorchSharp, …).
    /// The test's own dependencies (xunit, Roslyn) are left out so a snippet cannot lean on them.
    /// </summary>
    private static List<MetadataReference> LoadReferences()
    {
        var frameworkDir = System.IO.Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var platform = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => string.Equals(System.IO.Path.GetDirectoryName(p), frameworkDir, StringComparison.Ordinal))
            .Where(IsManaged)
            .ToList();
        var platformNames = platform.Select(System.IO.Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var local = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Queue<string>(Libraries);
        while (pending.TryDequeue(out var name))
        {
            if (platformNames.Contains(name!) || !seen.Add(name!))
            {
                continue;
            }

            var path = System.IO.Path.Combine(AppContext.BaseDirectory, name + ".dll");
            if (!File.Exists(path))
            {
                if (Libraries.Contains(name))
                {
                    throw new InvalidOperationException($"{path} is missing: the test project must reference {name}");
                }

                continue; // a facade the platform provides under another name, or an optional dependency
            }

            local.Add(path);
            foreach (var reference in ReferencedAssemblies(path))
            {
                pending.Enqueue(reference);
            }
        }

        return [.. platform.Concat(local).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }

    private static IEnumerable<string> ReferencedAssemblies(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        return [.. reader.AssemblyReferences.Select(h => reader.GetString(reader.GetAssemblyReference(h).Name))];
    }

    private static bool IsManaged(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new PEReader(stream);
            return reader.HasMetadata;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
