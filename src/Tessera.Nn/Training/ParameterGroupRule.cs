namespace Tessera.Nn.Training;

/// <summary>
/// Puts the trainable parameters whose names start with <see cref="Prefix"/> into their own optimizer
/// parameter group with a scaled learning rate and/or its own weight decay (e.g. a larger rate for a new head
/// than for prompt tokens).
/// </summary>
/// <param name="Prefix">State-dict name prefix, e.g. <c>"head."</c>. The first matching rule wins.</param>
/// <param name="LearningRateScale">Multiplier on the base learning rate (and schedule) for this group; 1 by default.</param>
/// <param name="WeightDecay">This group's weight decay, or null for <see cref="TrainerOptions.WeightDecay"/>.</param>
public sealed record ParameterGroupRule(string Prefix, double LearningRateScale = 1.0, double? WeightDecay = null);
