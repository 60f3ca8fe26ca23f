// TorchSharp's default random generator is process-wide: a test that seeds it (torch.manual_seed) and then builds
// a model must not share the process with another test drawing from it at the same moment, so test classes in this
// assembly run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
