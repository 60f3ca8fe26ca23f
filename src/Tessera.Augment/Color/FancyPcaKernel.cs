using Tessera.Augment.Pixel;
using Tessera.Core.Imaging;

namespace Tessera.Augment.Color;

/// <summary>
/// albumentations 1.3.1 <c>fancy_pca</c>: covariance of the RGB values (/255), its eigen-decomposition sorted by
/// decreasing eigenvalue, and the per-channel shift <c>add[i] = alpha · Σ_k V[k, i] · λ_k</c> (1.3.1 stacks the
/// eigenvector matrix as rows), added in float64, clipped and truncated to uint8.
/// </summary>
internal static class FancyPcaKernel
{
    public static Image Apply(Image image, double alpha)
    {
        PixelCv.RequireRgb(image, "FancyPCA");
        PixelCv.RequireUInt8(image, "FancyPCA");
        var px = image.Bytes;
        var n = px.Length / 3;
        var mean = new double[3];
        for (var i = 0; i < px.Length; i++)
        {
            mean[i % 3] += px[i] / 255.0;
        }
        for (var c = 0; c < 3; c++)
        {
            mean[c] /= n;
        }
        var cov = new double[3, 3];
        for (var i = 0; i < n; i++)
        {
            var r = (px[i * 3] / 255.0) - mean[0];
            var g = (px[(i * 3) + 1] / 255.0) - mean[1];
            var b = (px[(i * 3) + 2] / 255.0) - mean[2];
            cov[0, 0] += r * r;
            cov[0, 1] += r * g;
            cov[0, 2] += r * b;
            cov[1, 1] += g * g;
            cov[1, 2] += g * b;
            cov[2, 2] += b * b;
        }
        cov[1, 0] = cov[0, 1];
        cov[2, 0] = cov[0, 2];
        cov[2, 1] = cov[1, 2];
        for (var a = 0; a < 3; a++)
        {
            for (var b = 0; b < 3; b++)
            {
                cov[a, b] /= n - 1;
            }
        }
        var (values, vectors) = SymmetricEigen.Lapack3(cov);
        // descending order, vectors follow their values
        int[] perm = [2, 1, 0];
        var add = new double[3];
        for (var i = 0; i < 3; i++)
        {
            for (var k = 0; k < 3; k++)
            {
                // m1 = column_stack(eig_vecs) = eig_vecs^T over the permuted columns
                add[i] += vectors[k, perm[i]] * alpha * values[perm[k]];
            }
        }
        var dst = Image.CreateLike(image);
        var d = dst.Bytes;
        for (var i = 0; i < px.Length; i++)
        {
            d[i] = PixelCv.ClipTruncate(px[i] + (add[i % 3] * 255));
        }
        return dst;
    }
}
