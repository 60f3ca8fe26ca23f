using System.Net;
using System.Text;
using Tessera.Core.IO;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Demo;

/// <summary>Assembles the sections' HTML into <c>index.html</c>.</summary>
internal static class DemoPage
{
    /// <summary>Writes the page atomically.</summary>
    /// <param name="path">Destination file.</param>
    /// <param name="sections">(title, id, html, error) per section.</param>
    /// <param name="version">Tessera version shown in the header.</param>
    public static void Write(string path, IReadOnlyList<(string Title, string Id, string Html, string? Error)> sections, string version)
    {
        var sb = new StringBuilder();
        sb.Append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Tessera demo</title>\n<style>")
          .Append("body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}")
          .Append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;font-size:14px}")
          .Append("figure{display:inline-block;margin:6px;text-align:center}figure img{max-width:320px;image-rendering:pixelated;border:1px solid #ddd}")
          .Append("figcaption{font-size:12px;color:#555}.error{color:#b00}nav a{margin-right:1em}")
          .Append("</style></head><body>\n");
        sb.Append("<h1>Tessera demo</h1>\n<p>Tessera ").Append(WebUtility.HtmlEncode(version))
          .Append(" — generated ").Append(DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture))
          .Append(". Everything below ran on embedded data, on the CPU, with no downloads.</p>\n<nav>");
        foreach (var s in sections) { sb.Append("<a href=\"#").Append(s.Id).Append("\">").Append(WebUtility.HtmlEncode(s.Title)).Append("</a>"); }
        sb.Append("</nav>\n");
        foreach (var s in sections)
        {
            sb.Append("<section id=\"").Append(s.Id).Append("\"><h2>").Append(WebUtility.HtmlEncode(s.Title)).Append("</h2>\n");
            if (s.Error is not null)
            {
                sb.Append("<p class=\"error\">This section failed: ").Append(WebUtility.HtmlEncode(s.Error)).Append("</p>\n");
            }
            sb.Append(s.Html).Append("</section>\n");
        }
        sb.Append("</body></html>\n");
        AtomicFile.WriteAllText(path, sb.ToString());
    }
}
