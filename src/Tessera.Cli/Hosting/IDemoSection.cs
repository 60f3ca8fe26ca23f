namespace Tessera.Cli.Hosting;

/// <summary>One section of the demo page. Each capability contributes one.</summary>
internal interface IDemoSection
{
    /// <summary>Heading shown on the page.</summary>
    string Title { get; }

    /// <summary>Short folder-safe identifier (used for the section's files).</summary>
    string Id { get; }

    /// <summary>Runs the section's work and writes its content into <paramref name="section"/>.</summary>
    /// <param name="section">Collects paragraphs, tables and pictures; files go to its folder.</param>
    /// <param name="cancellationToken">Stops long work.</param>
    void Render(DemoSectionWriter section, CancellationToken cancellationToken);
}
