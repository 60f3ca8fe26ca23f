using Tessera.Augment.Geometric;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;

namespace Tessera.Augment.Tests.Serialization;

public class AlbumentationsYamlTests
{
    // What A.save(pipeline, path, data_format="yaml") writes in 1.3.1 (yaml.safe_dump: sorted keys, block style)
    private const string PythonYaml = """
        __version__: 1.3.1
        transform:
          __class_fullname__: Compose
          additional_targets: {}
          bbox_params:
            check_each_transform: true
            format: coco
            label_fields:
            - labels
            min_area: 0.0
            min_height: 0.0
            min_visibility: 0.3
            min_width: 0.0
          is_check_shapes: true
          keypoint_params: null
          p: 1.0
          transforms:
          - __class_fullname__: HorizontalFlip
            always_apply: false
            p: 0.5
          - __class_fullname__: OneOf
            p: 0.9
            transforms:
            - __class_fullname__: Rotate
              always_apply: false
              border_mode: 4
              crop_border: false
              interpolation: 1
              limit:
              - -30
              - 30
              mask_value: null
              p: 1.0
              rotate_method: largest_box
              value: null
            - __class_fullname__: RandomRotate90
              always_apply: false
              p: 1.0
        """;

    private static string Temp(string text, string ext)
    {
        var path = Path.Combine(Path.GetTempPath(), $"tessera-{Guid.NewGuid():N}{ext}");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void ReadFile_PythonYaml_BuildsPipeline()
    {
        var path = Temp(PythonYaml, ".yaml");
        try
        {
            var c = Assert.IsType<Compose>(AlbumentationsJson.ReadFile(path));
            Assert.Equal(BoxFormat.Coco, c.BboxParams!.Format);
            Assert.Equal(0.3, c.BboxParams.MinVisibility);
            Assert.Null(c.KeypointParams);
            var oneOf = Assert.IsType<OneOf>(c.Transforms[1]);
            Assert.Equal(0.9, oneOf.Probability);
            var rotate = Assert.IsType<Rotate>(oneOf.Transforms[0]);
            Assert.Equal((-30.0, 30.0), rotate.Limit);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReadFile_BrokenYaml_ThrowsFormatErrorWithLine()
    {
        var path = Temp("transform:\n  p: [1, 2\n", ".yml");
        try
        {
            var e = Assert.Throws<TesseraFormatException>(() => AlbumentationsJson.ReadFile(path));
            Assert.Contains("line", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_BrokenJson_ThrowsFormatError()
        => Assert.Throws<TesseraFormatException>(() => AlbumentationsJson.Read("{\"__class_fullname__\": "));

    [Fact]
    public void Write_Pipeline_UsesAlbumentationsWrapperAndNames()
    {
        var json = AlbumentationsJson.Write(new Compose([new ShiftScaleRotate(scaleLimit: (-0.1, 0.2), p: 0.4)]));
        Assert.Contains("\"__version__\": \"1.3.1\"", json, StringComparison.Ordinal);
        Assert.Contains("\"__class_fullname__\": \"ShiftScaleRotate\"", json, StringComparison.Ordinal);
        Assert.Contains("\"shift_limit_x\"", json, StringComparison.Ordinal);
        // scale_limit is written without albumentations' +1 bias, as to_dict does
        var back = (ShiftScaleRotate)((Compose)AlbumentationsJson.Read(json)).Transforms[0];
        Assert.Equal(0.9, back.ScaleLimit.Low, 12);
        Assert.Equal(1.2, back.ScaleLimit.High, 12);
    }
}
