namespace Tessera.Cli.Areas.Prompt.Bench;

/// <summary>One trained (or zero-shot) model of the bench: task, shots per class, seed, method, test accuracy, cost.</summary>
/// <param name="Task">Bench task name.</param>
/// <param name="Shots">Training images per class (0 for zero-shot).</param>
/// <param name="Seed">Seed of the few-shot draw and the initialisation.</param>
/// <param name="Method">Method name.</param>
/// <param name="Backbone">world-vit-tiny or world-clip-tiny.</param>
/// <param name="Accuracy">Top-1 test accuracy in [0, 1].</param>
/// <param name="Trainable">Values that trained.</param>
/// <param name="BackboneParameters">Values of the backbone.</param>
/// <param name="Steps">Optimizer steps.</param>
/// <param name="TrainSeconds">Wall time of the training loop.</param>
/// <param name="FinalLoss">Training loss of the last step (NaN when none).</param>
internal sealed record PromptBenchRun(string Task, int Shots, int Seed, string Method, string Backbone, double Accuracy, long Trainable,
    long BackboneParameters, long Steps, double TrainSeconds, double FinalLoss)
{
    /// <summary>Trainable ÷ backbone, in percent.</summary>
    public double TrainablePercent => 100.0 * Trainable / BackboneParameters;
}
