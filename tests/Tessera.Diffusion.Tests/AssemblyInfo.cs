// TorchSharp's default generator is process-wide; tests that build models run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
