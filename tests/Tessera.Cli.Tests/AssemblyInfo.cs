// TorchSharp's default random generator is process-wide: a test that seeds it (torch.manual_seed) and then builds
// a model must not share the process with another test drawing from it at the same moment. Test classes in this
// assembly therefore run one after another (tests that need no torch are fast, so the cost is small).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
