using System.Net;
using System.Text;
using Tessera.Core.Imaging;
using Tessera.Core.IO;
using Tessera.Imaging;

namespace Tessera.Cli.Hosting;

/// <summary>Collects one demo section's HTML; pictures are written next to the page.</summary>
internal sealed class DemoSectionWriter
{
    private readonly StringBuilder _html = new();
    private readonly string _pageDirectory;

    /// <summary>Creates a writer for a section whose files go to <c>pageDirectory/id/</c>.</summary>
    /// <param name="pageDirectory">Folder of index.html.</param>
    /// <param name="id">Section id.</param>
    public DemoSectionWriter(string pageDirectory, string id)
    {
        _pageDirectory = pageDirectory;
        Id = id;
        Directory.CreateDirectory(SectionDirectory);
    }

    /// <summary>Section id.</summary>
    public string Id { get; }

    /// <summary>Folder for this section's files.</summary>
    public string SectionDirectory => Path.Combine(_pageDirectory, Id);

    /// <summary>The HTML gathered so far.</summary>
    public string Html => _html.ToString();

    /// <summary>Adds a paragraph of plain text.</summary>
    /// <param name="text">Text (escaped).</param>
    public void Paragraph(string text) => _html.Append("<p>").Append(WebUtility.HtmlEncode(text)).Append("</p>\n");

    /// <summary>Adds a table.</summary>
    /// <param name="headers">Column headers.</param>
    /// <param name="rows">Rows of cell texts (escaped).</param>
    public void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        _html.Append("<table><tr>");
        foreach (var h in headers) { _html.Append("<th>").Append(WebUtility.HtmlEncode(h)).Append("</th>"); }
        _html.Append("</tr>\n");
        foreach (var row in rows)
        {
            _html.Append("<tr>");
            foreach (var c in row) { _html.Append("<td>").Append(WebUtility.HtmlEncode(c)).Append("</td>"); }
            _html.Append("</tr>\n");
        }
        _html.Append("</table>\n");
    }

    /// <summary>Writes an image as PNG into the section folder and shows it with a caption.</summary>
    /// <param name="name">File name without extension.</param>
    /// <param name="image">uint8 image.</param>
    /// <param name="caption">Caption text.</param>
    public void Picture(string name, Image image, string caption)
    {
        var file = Path.Combine(SectionDirectory, name + ".png");
        ImageFile.Write(file, image);
        PictureFile(name + ".png", caption);
    }

    /// <summary>Shows a file already written to the section folder (PNG or SVG).</summary>
    /// <param name="fileName">File name inside the section folder.</param>
    /// <param name="caption">Caption text.</param>
    public void PictureFile(string fileName, string caption)
    {
        _html.Append("<figure><img src=\"").Append(WebUtility.HtmlEncode($"{Id}/{fileName}")).Append("\" alt=\"")
            .Append(WebUtility.HtmlEncode(caption)).Append("\"><figcaption>").Append(WebUtility.HtmlEncode(caption))
            .Append("</figcaption></figure>\n");
    }

    /// <summary>Writes a text file (e.g. an SVG) into the section folder atomically.</summary>
    /// <param name="fileName">File name.</param>
    /// <param name="content">Content.</param>
    public void WriteFile(string fileName, string content) => AtomicFile.WriteAllText(Path.Combine(SectionDirectory, fileName), content);

    /// <summary>Adds trusted HTML as is.</summary>
    /// <param name="html">HTML fragment produced by Tessera code.</param>
    public void RawHtml(string html) => _html.Append(html).Append('\n');
}
