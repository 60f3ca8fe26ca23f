namespace Tessera.Nn.Models.Clip;

/// <summary>One label's score from <see cref="ClipZeroShotClassifier"/>.</summary>
/// <param name="Label">The label as given.</param>
/// <param name="Prompt">The text that was encoded (label inserted into the template).</param>
/// <param name="Logit">exp(logit_scale) · cosine similarity.</param>
/// <param name="Probability">Softmax of the logits over all labels.</param>
public sealed record ClipLabelScore(string Label, string Prompt, double Logit, double Probability);
