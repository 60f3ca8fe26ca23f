namespace Tessera.Core.Parity;

/// <summary>
/// Understands one fixture format. Each library supplies handlers for its areas; the CLI and the tests put
/// them in one <see cref="ParityCatalog"/>. A handler recognises a folder by its content (manifest or index
/// files and their keys), never by the folder's name.
/// </summary>
public interface IParityHandler
{
    /// <summary>Short name of the format, shown in listings (e.g. <c>albumentations-replay</c>).</summary>
    string Format { get; }

    /// <summary>
    /// Returns the groups in <paramref name="directory"/> if its content is in this handler's format, else null.
    /// Must be cheap: list cases, but do not run them.
    /// </summary>
    /// <param name="directory">A folder to inspect.</param>
    /// <returns>The groups found, or null when the folder is not in this format.</returns>
    IReadOnlyList<ParityGroup>? TryOpen(string directory);
}
