namespace Tessera.Augment.Serialization;

/// <summary>Limits applied when a pipeline file is read (<see cref="AlbumentationsJson.ReadPipelineFile"/>).</summary>
public sealed record PipelineReadOptions
{
    /// <summary>The defaults.</summary>
    public static PipelineReadOptions Default { get; } = new();

    /// <summary>
    /// Largest number of values (mappings, sequences, scalars) a YAML pipeline may expand to once its aliases are
    /// resolved. A few hundred bytes of nested aliases can otherwise expand to billions; the count is checked before
    /// anything is expanded. Default 1,000,000.
    /// </summary>
    public long MaxYamlNodes { get; init; } = AlbumentationsYaml.DefaultMaxNodes;
}
