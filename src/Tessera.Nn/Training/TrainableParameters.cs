using TorchSharp.Modules;

namespace Tessera.Nn.Training;

/// <summary>One optimizer parameter group: named trainable parameters sharing a learning-rate scale and weight decay.</summary>
internal sealed record ParameterGroupPlan(IReadOnlyList<(string Name, Parameter Parameter)> Parameters, double LearningRateScale, double WeightDecay);

/// <summary>
/// Splits a model's parameters into frozen ones (set to <c>requires_grad = false</c>) and optimizer groups of
/// trainable ones, following the options' frozen prefixes, group rules and the bias/norm weight-decay switch.
/// </summary>
internal static class TrainableParameters
{
    public static (IReadOnlyList<ParameterGroupPlan> Groups, IReadOnlyList<string> Frozen) Plan(
        IEnumerable<(string Name, Parameter Parameter)> named, TrainerOptions options, double defaultWeightDecay)
    {
        var frozen = new List<string>();
        var buckets = new SortedDictionary<(int Rule, bool NoDecay), List<(string, Parameter)>>();
        foreach (var (name, parameter) in named)
        {
            var isFrozen = !parameter.requires_grad || options.FrozenPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));
            if (isFrozen)
            {
                parameter.requires_grad = false;
                frozen.Add(name);
                continue;
            }
            var rule = -1;
            for (var i = 0; i < options.ParameterGroups.Count; i++)
            {
                if (name.StartsWith(options.ParameterGroups[i].Prefix, StringComparison.Ordinal))
                {
                    rule = i;
                    break;
                }
            }
            var noDecay = options.NoWeightDecayOnBiasAndNorm && (parameter.dim() <= 1 || name.EndsWith(".bias", StringComparison.Ordinal));
            if (!buckets.TryGetValue((rule, noDecay), out var list))
            {
                list = [];
                buckets[(rule, noDecay)] = list;
            }
            list.Add((name, parameter));
        }

        var groups = new List<ParameterGroupPlan>();
        foreach (var ((rule, noDecay), list) in buckets)
        {
            var scale = rule < 0 ? 1.0 : options.ParameterGroups[rule].LearningRateScale;
            var decay = noDecay ? 0.0 : (rule < 0 ? null : options.ParameterGroups[rule].WeightDecay) ?? defaultWeightDecay;
            groups.Add(new ParameterGroupPlan(list, scale, decay));
        }
        return (groups, frozen);
    }
}
