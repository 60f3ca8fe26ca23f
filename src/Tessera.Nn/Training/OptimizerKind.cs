namespace Tessera.Nn.Training;

/// <summary>The optimizer a <see cref="Trainer"/> uses (TorchSharp 0.107's implementations of PyTorch's).</summary>
public enum OptimizerKind
{
    /// <summary>AdamW (Loshchilov &amp; Hutter, decoupled weight decay), <c>torch.optim.AdamW</c>.</summary>
    AdamW,

    /// <summary>Stochastic gradient descent with optional momentum, Nesterov and L2 weight decay, <c>torch.optim.SGD</c>.</summary>
    Sgd,
}
