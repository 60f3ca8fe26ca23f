// TorchSharp's default generator is process-wide; tests that seed it run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
