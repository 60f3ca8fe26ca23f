using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Models.UNet;

/// <summary>
/// Spatial self-attention (improved-diffusion's <c>AttentionBlock</c> with the legacy QKV head order): GroupNorm,
/// a 1×1 <c>qkv</c> convolution, heads split from the channel axis as [heads, 3·c/heads], softmax(qᵀk/√(c/heads)),
/// a 1×1 <c>proj_out</c>, and a residual. Keys: <c>norm</c>, <c>qkv</c>, <c>proj_out</c>.
/// </summary>
internal sealed class AttentionBlock : nn.Module<Tensor, Tensor>
{
    private readonly GroupNorm norm;
    private readonly Conv1d qkv;
    private readonly Conv1d proj_out;
    private readonly int _heads;

    public AttentionBlock(int channels, int numHeads, int numHeadChannels) : base(ModuleNames.Loaded(nameof(AttentionBlock)))
    {
        _heads = numHeadChannels == -1 ? numHeads : channels / numHeadChannels;
        Core.Errors.Guard.That(channels % _heads == 0, nameof(numHeads), $"{channels} channels are not divisible into {_heads} heads");
        norm = nn.GroupNorm(32, channels);
        qkv = nn.Conv1d(channels, channels * 3, 1);
        proj_out = nn.Conv1d(channels, channels, 1);
        RegisterComponents();
    }

    /// <summary>Zeroes <c>proj_out</c> (the reference's <c>zero_module</c>).</summary>
    public void ZeroOutput()
    {
        using var noGrad = no_grad();
        proj_out.weight!.zero_();
        proj_out.bias!.zero_();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var shape = input.shape;
        long b = shape[0], c = shape[1];
        var x = input.reshape(b, c, -1);
        var length = x.shape[2];
        var qkvOut = qkv.forward(norm.forward(x)).reshape(b * _heads, -1, length);
        var ch = qkvOut.shape[1] / 3;
        var parts = qkvOut.split(ch, 1);
        var scale = 1 / Math.Sqrt(Math.Sqrt(ch));
        var weight = matmul((parts[0] * scale).transpose(1, 2), parts[1] * scale);
        weight = softmax(weight, -1);
        var a = matmul(parts[2], weight.transpose(1, 2)).reshape(b, -1, length);
        var h = proj_out.forward(a);
        return (x + h).reshape(shape).MoveToOuterDisposeScope();
    }
}
