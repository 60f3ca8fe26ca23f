using Tessera.Core.Errors;
using Tessera.Nn.Models;
using Tessera.Nn.Weights;
using Tessera.Prompting.Vpt;
using static TorchSharp.torch;

namespace Tessera.Prompting.Tasks;

/// <summary>Saves and loads VPT tasks (<see cref="VptClassifier"/>) as task files bound to their backbone.</summary>
public static class VptTaskFile
{
    /// <summary>Saves a trained VPT task atomically.</summary>
    /// <typeparam name="TBackbone">A backbone module.</typeparam>
    /// <param name="path">Destination.</param>
    /// <param name="task">The task (its backbone must be <paramref name="backbone"/>).</param>
    /// <param name="backbone">The frozen backbone (fingerprinted).</param>
    /// <param name="classNames">Class names in label order; null = <c>0…C−1</c>.</param>
    /// <returns>Stored values versus backbone values.</returns>
    /// <exception cref="TesseraArgumentException">The task runs on another backbone or the class names do not match its classes.</exception>
    public static ParameterBudget Save<TBackbone>(string path, VptClassifier task, TBackbone backbone, IReadOnlyList<string>? classNames = null)
        where TBackbone : nn.Module, IVisionBackbone
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(backbone);
        Guard.That(ReferenceEquals(task.Backbone, backbone), nameof(backbone), "must be the backbone the task runs on");
        classNames ??= [.. Enumerable.Range(0, task.NumClasses).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        Guard.That(classNames.Count == task.NumClasses, nameof(classNames), $"must hold {task.NumClasses} names (got {classNames.Count})");
        var config = new PromptTaskConfig { Method = "vpt", ImageSize = task.ImageSize, ClassNames = classNames, Vpt = task.Options, BackboneName = backbone.GetName() };
        return PromptTaskFile.Save(path, config, task, BackboneFingerprint.Of(backbone));
    }

    /// <summary>Loads a VPT task onto a backbone, refusing any backbone but the one it was trained on.</summary>
    /// <typeparam name="TBackbone">A backbone module.</typeparam>
    /// <param name="path">The task file.</param>
    /// <param name="backbone">The frozen backbone (borrowed).</param>
    /// <param name="backboneName">Name of the backbone for error messages (e.g. its file).</param>
    /// <param name="fingerprint">The backbone's fingerprint if already computed (serving many tasks computes it once).</param>
    /// <returns>The task and its configuration.</returns>
    /// <exception cref="TesseraArgumentException">The backbone differs from the training backbone (the message names both).</exception>
    /// <exception cref="TesseraFormatException">The file is not a VPT task file.</exception>
    public static (VptClassifier Task, PromptTaskConfig Config) Load<TBackbone>(string path, TBackbone backbone, string backboneName, BackboneFingerprint? fingerprint = null)
        where TBackbone : nn.Module, IVisionBackbone
    {
        ArgumentNullException.ThrowIfNull(backbone);
        var (config, weights, expected) = PromptTaskFile.Read(path);
        using (weights)
        {
            if (config.Method != "vpt" || config.Vpt is null)
            {
                throw new TesseraFormatException(path, null, $"holds a '{config.Method}' task, not a VPT task");
            }
            PromptTaskFile.RequireBackbone(path, expected, fingerprint ?? BackboneFingerprint.Of(backbone), backboneName);
            var task = new VptClassifier(backbone, config.ImageSize, config.ClassNames.Count, config.Vpt);
            try
            {
                StateDictLoader.Load(task, weights, strict: true);
            }
            catch
            {
                task.Dispose();
                throw;
            }
            return (task, config);
        }
    }
}
