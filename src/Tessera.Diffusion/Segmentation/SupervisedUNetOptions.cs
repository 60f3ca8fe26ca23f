namespace Tessera.Diffusion.Segmentation;

/// <summary>Settings of <see cref="SupervisedUNet.Train"/>.</summary>
public sealed record SupervisedUNetOptions
{
    /// <summary>Optimiser steps.</summary>
    public int Steps { get; init; } = 500;

    /// <summary>Labelled images per step (drawn with replacement).</summary>
    public int BatchSize { get; init; } = 4;

    /// <summary>AdamW learning rate (constant).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Label excluded from the loss.</summary>
    public int IgnoreLabel { get; init; } = 255;

    /// <summary>Seed of the initial weights and the batches.</summary>
    public long Seed { get; init; } = 1;
}
