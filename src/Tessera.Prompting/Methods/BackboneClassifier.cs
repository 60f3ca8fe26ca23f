using Tessera.Core.Errors;
using Tessera.Nn.Models.Vit;
using Tessera.Prompting.Vpt;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Prompting.Methods;

/// <summary>
/// The baselines of VPT's runner on a ViT, with VPT's head (<see cref="VptHead"/>) on the class-token feature:
/// <see cref="PromptMethod.Linear"/> (frozen, borrowed backbone; only the head is a parameter),
/// <see cref="PromptMethod.Full"/> (every backbone weight trains; the backbone becomes the submodule <c>backbone</c>)
/// and <see cref="PromptMethod.BitFit"/> (only the backbone's bias terms train). The backbone's own classifier
/// (<c>head.*</c>) is never used nor trained.
/// </summary>
/// <remarks>Full fine-tune and BitFit change the backbone's weights in place: give them a backbone of their own.</remarks>
public sealed class BackboneClassifier : nn.Module<Tensor, Tensor>
{
    private readonly VisionTransformer? backbone;
    private readonly BackboneReference _frozen;
    private readonly VptHead head;

    /// <summary>Creates the classifier and sets which backbone parameters train.</summary>
    /// <param name="vit">The backbone (borrowed; trained in place by <c>full</c> and <c>bitfit</c>).</param>
    /// <param name="numClasses">Head outputs.</param>
    /// <param name="method"><see cref="PromptMethod.Linear"/>, <see cref="PromptMethod.Full"/> or <see cref="PromptMethod.BitFit"/>.</param>
    /// <param name="seed">Head initialisation seed.</param>
    /// <exception cref="TesseraArgumentException">Another method, or no class.</exception>
    public BackboneClassifier(VisionTransformer vit, int numClasses, PromptMethod method, long seed = 0) : base(PromptingRuntime.Name(nameof(BackboneClassifier)))
    {
        ArgumentNullException.ThrowIfNull(vit);
        Guard.Positive(numClasses);
        Guard.That(method is PromptMethod.Linear or PromptMethod.Full or PromptMethod.BitFit, nameof(method), $"must be linear, full or bitfit (got {PromptMethods.Name(method)})");
        Method = method;
        NumClasses = numClasses;
        _frozen = new BackboneReference(vit);
        if (method == PromptMethod.Linear)
        {
            Freeze.All(vit);
        }
        else
        {
            foreach (var (name, p) in vit.named_parameters())
            {
                var own = !name.StartsWith("head.", StringComparison.Ordinal);
                p.requires_grad = own && (method == PromptMethod.Full || name.EndsWith("bias", StringComparison.Ordinal));
            }
            backbone = vit;
        }
        using var generator = new Generator((ulong)seed);
        head = new VptHead(vit.Width, numClasses, generator);
        RegisterComponents();
    }

    /// <summary>Which baseline this is.</summary>
    public PromptMethod Method { get; }

    /// <summary>Head outputs.</summary>
    public int NumClasses { get; }

    /// <summary>The backbone.</summary>
    public VisionTransformer Backbone => (VisionTransformer)_frozen.Backbone;

    /// <summary>Logits <c>[B, classes]</c> from the class-token feature (after the final norm).</summary>
    /// <param name="input">Normalised images <c>[B, 3, S, S]</c>.</param>
    /// <returns>Logits.</returns>
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var vit = Backbone;
        var tokens = vit.Embed(input);
        for (var i = 0; i < vit.Depth; i++) { tokens = vit.ForwardBlock(i, tokens); }
        return head.forward(vit.Pool(tokens)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    /// <remarks>The linear probe's backbone stays in eval mode (it is not a submodule).</remarks>
    public override void train(bool train = true)
    {
        base.train(train);
        if (Method == PromptMethod.Linear) { Backbone.eval(); }
    }
}
