using OpenCvSharp;

namespace Tessera.Augment.Common;

/// <summary>
/// The OpenCV functions the transforms call, taking <see cref="Mat"/>s and disposing the argument proxies at once.
/// OpenCvSharp turns every <see cref="Mat"/> passed as an input into a new <see cref="InputArray"/> (a native object
/// with a finalizer) and never disposes it: each call left its inputs to the garbage collector, which had to keep them
/// alive through a collection and hand them to the finalizer thread. On the benchmark pipeline that was ~6 objects per
/// image, ~1,300 waiting for finalization at every collection, and collections paused the workers twice as long as their
/// allocations alone needed; with two workers the finalizer thread also took its time from them. Output proxies are
/// disposed by OpenCvSharp itself.
/// </summary>
internal static class Cv
{
    /// <summary><c>cv::cvtColor</c>.</summary>
    public static void CvtColor(Mat src, Mat dst, ColorConversionCodes code)
    {
        using var s = InputArray.Create(src);
        Cv2.CvtColor(s, dst, code);
    }

    /// <summary><c>cv::LUT</c>.</summary>
    public static void LUT(Mat src, Mat table, Mat dst)
    {
        using var s = InputArray.Create(src);
        using var t = InputArray.Create(table);
        Cv2.LUT(s, t, dst);
    }

    /// <summary><c>cv::blur</c> (default anchor and border).</summary>
    public static void Blur(Mat src, Mat dst, Size ksize)
    {
        using var s = InputArray.Create(src);
        Cv2.Blur(s, dst, ksize);
    }

    /// <summary><c>cv::medianBlur</c>.</summary>
    public static void MedianBlur(Mat src, Mat dst, int ksize)
    {
        using var s = InputArray.Create(src);
        Cv2.MedianBlur(s, dst, ksize);
    }

    /// <summary><c>cv::GaussianBlur</c>.</summary>
    public static void GaussianBlur(Mat src, Mat dst, Size ksize, double sigmaX, double sigmaY = 0, BorderTypes borderType = BorderTypes.Default)
    {
        using var s = InputArray.Create(src);
        Cv2.GaussianBlur(s, dst, ksize, sigmaX, sigmaY, borderType);
    }

    /// <summary><c>cv::addWeighted</c>.</summary>
    public static void AddWeighted(Mat src1, double alpha, Mat src2, double beta, double gamma, Mat dst)
    {
        using var a = InputArray.Create(src1);
        using var b = InputArray.Create(src2);
        Cv2.AddWeighted(a, alpha, b, beta, gamma, dst);
    }

    /// <summary><c>cv::resize</c>.</summary>
    public static void Resize(Mat src, Mat dst, Size dsize, double fx, double fy, InterpolationFlags interpolation)
    {
        using var s = InputArray.Create(src);
        Cv2.Resize(s, dst, dsize, fx, fy, interpolation);
    }

    /// <summary><c>cv::warpAffine</c>.</summary>
    public static void WarpAffine(Mat src, Mat dst, Mat m, Size dsize, InterpolationFlags flags, BorderTypes borderMode, Scalar borderValue)
    {
        using var s = InputArray.Create(src);
        using var t = InputArray.Create(m);
        Cv2.WarpAffine(s, dst, t, dsize, flags, borderMode, borderValue);
    }

    /// <summary><c>cv::warpPerspective</c>.</summary>
    public static void WarpPerspective(Mat src, Mat dst, Mat m, Size dsize, InterpolationFlags flags, BorderTypes borderMode, Scalar borderValue)
    {
        using var s = InputArray.Create(src);
        using var t = InputArray.Create(m);
        Cv2.WarpPerspective(s, dst, t, dsize, flags, borderMode, borderValue);
    }

    /// <summary><c>cv::remap</c>.</summary>
    public static void Remap(Mat src, Mat dst, Mat map1, Mat map2, InterpolationFlags interpolation, BorderTypes borderMode, Scalar borderValue)
    {
        using var s = InputArray.Create(src);
        using var x = InputArray.Create(map1);
        using var y = InputArray.Create(map2);
        Cv2.Remap(s, dst, x, y, interpolation, borderMode, borderValue);
    }

    /// <summary><c>cv::copyMakeBorder</c>.</summary>
    public static void CopyMakeBorder(Mat src, Mat dst, int top, int bottom, int left, int right, BorderTypes borderType, Scalar value)
    {
        using var s = InputArray.Create(src);
        Cv2.CopyMakeBorder(s, dst, top, bottom, left, right, borderType, value);
    }

    /// <summary><c>cv::flip</c>.</summary>
    public static void Flip(Mat src, Mat dst, FlipMode mode)
    {
        using var s = InputArray.Create(src);
        Cv2.Flip(s, dst, mode);
    }

    /// <summary><c>cv::transpose</c>.</summary>
    public static void Transpose(Mat src, Mat dst)
    {
        using var s = InputArray.Create(src);
        Cv2.Transpose(s, dst);
    }

    /// <summary><c>cv::rotate</c>.</summary>
    public static void Rotate(Mat src, Mat dst, RotateFlags rotateCode)
    {
        using var s = InputArray.Create(src);
        Cv2.Rotate(s, dst, rotateCode);
    }

    /// <summary><c>cv::transform</c>.</summary>
    public static void Transform(Mat src, Mat dst, Mat m)
    {
        using var s = InputArray.Create(src);
        using var t = InputArray.Create(m);
        Cv2.Transform(s, dst, t);
    }

    /// <summary><c>cv::dft</c>.</summary>
    public static void Dft(Mat src, Mat dst, DftFlags flags)
    {
        using var s = InputArray.Create(src);
        Cv2.Dft(s, dst, flags);
    }

    /// <summary><c>cv::extractChannel</c>.</summary>
    public static void ExtractChannel(Mat src, Mat dst, int coi)
    {
        using var s = InputArray.Create(src);
        Cv2.ExtractChannel(s, dst, coi);
    }

    /// <summary><c>cv::insertChannel</c>.</summary>
    public static void InsertChannel(Mat src, Mat dst, int coi)
    {
        using var s = InputArray.Create(src);
        Cv2.InsertChannel(s, dst, coi);
    }

    /// <summary><c>cv::sum</c>.</summary>
    public static Scalar Sum(Mat src)
    {
        using var s = InputArray.Create(src);
        return Cv2.Sum(s);
    }

    /// <summary><c>cv::meanStdDev</c> (no mask).</summary>
    public static void MeanStdDev(Mat src, out Scalar mean, out Scalar stddev)
    {
        using var s = InputArray.Create(src);
        Cv2.MeanStdDev(s, out mean, out stddev);
    }

    /// <summary><c>cv::filter2D</c> (default anchor, delta and border).</summary>
    public static void Filter2D(Mat src, Mat dst, MatType ddepth, Mat kernel)
    {
        using var s = InputArray.Create(src);
        using var k = InputArray.Create(kernel);
        Cv2.Filter2D(s, dst, ddepth, k);
    }

    /// <summary><c>cv::imencode</c>.</summary>
    public static void ImEncode(string ext, Mat img, out byte[] buf, int[] prms)
    {
        using var s = InputArray.Create(img);
        Cv2.ImEncode(ext, s, out buf, prms);
    }

    /// <summary><c>cv::initUndistortRectifyMap</c>.</summary>
    public static void InitUndistortRectifyMap(Mat cameraMatrix, Mat distCoeffs, Mat r, Mat newCameraMatrix, Size size, MatType m1Type, Mat map1, Mat map2)
    {
        using var c = InputArray.Create(cameraMatrix);
        using var d = InputArray.Create(distCoeffs);
        using var rr = InputArray.Create(r);
        using var n = InputArray.Create(newCameraMatrix);
        Cv2.InitUndistortRectifyMap(c, d, rr, n, size, m1Type, map1, map2);
    }
}
