namespace Tessera.World.Pretraining;

/// <summary>Which world model to pretrain.</summary>
public enum WorldModelKind
{
    /// <summary>The tiny ViT: shape × colour classification on the <c>classify</c> domain.</summary>
    Vit,

    /// <summary>The tiny CLIP: contrastive image–text training on captions of the <c>classify</c> and <c>clean</c> domains.</summary>
    Clip,
}
