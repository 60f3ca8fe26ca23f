using Spectre.Console;
using Tessera.Core.Errors;
using Tessera.Core.Progress;
using Tessera.Geometry;
using Tessera.Geometry.IO;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Mesh;

/// <summary>Shared helpers of the <c>mesh</c> verbs: reading/writing with a status line, progress rendering.</summary>
internal static class MeshCommandSupport
{
    /// <summary>Faces above which the verbs show a progress display.</summary>
    public const int LargeMeshFaces = 50_000;

    public static TriangleMesh Read(string path, CancellationToken cancellationToken) => MeshFile.Read(path, cancellationToken);

    public static void Write(CliConsole console, string path, TriangleMesh mesh, CancellationToken cancellationToken)
    {
        // a cancelled write leaves neither the output nor its temporary file
        MeshFile.Write(path, mesh, cancellationToken);
        console.Info(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"wrote {path}: {mesh.VertexCount} vertices, {mesh.FaceCount} faces"));
    }

    /// <summary>Runs work with a progress bar when the mesh is large, plainly otherwise.</summary>
    public static T WithProgress<T>(CliConsole console, string title, bool large, Func<IProgress<ProgressReport>?, T> work)
    {
        if (!large) { return work(null); }
        T result = default!;
        console.Err.Progress().AutoClear(true).Start(ctx =>
        {
            var task = ctx.AddTask(Markup.Escape(title));
            var progress = new SyncProgress(r =>
            {
                task.MaxValue = Math.Max(1, r.Total ?? 1);
                task.Value = Math.Min(r.Done, task.MaxValue);
            });
            result = work(progress);
            task.Value = task.MaxValue;
        });
        return result;
    }

    /// <summary>Reports synchronously on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SyncProgress(Action<ProgressReport> report) : IProgress<ProgressReport>
    {
        public void Report(ProgressReport value) => report(value);
    }
}
