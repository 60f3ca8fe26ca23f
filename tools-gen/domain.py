R = '(double Low, double High)'
SPECS = [
dict(name='FDA', folder='Color', summary='Fourier domain adaptation: swaps the low-frequency amplitude spectrum with that of a reference image',
  params=[('double','Beta','Size of the swapped low-frequency block as a fraction of the shorter side.'),('int','ReferenceIndex','Which reference image was used.')],
  args=[dict(type='IReadOnlyList<string>', cs='referenceImages', doc='Reference image files (read as RGB) (<c>reference_images</c>).', prop='ReferenceImages'),
        dict(type=R+'?', cs='betaLimit', default='null', doc='Beta range (<c>beta_limit</c>, default (0, 0.1)).', prop='BetaLimit', ptype=R, assign='betaLimit ?? (0, 0.1)')],
  ctor='''ArgumentNullException.ThrowIfNull(referenceImages);
Guard.That(referenceImages.Count > 0, nameof(referenceImages), "must name at least one image");
Guard.That(betaLimit is null || (betaLimit.Value.Low >= 0 && betaLimit.Value.High <= 0.5), nameof(betaLimit), "must lie in [0, 0.5]");
_references = new ReferenceImages(referenceImages);''',
  draw='return new(random.Uniform(BetaLimit.Low, BetaLimit.High), random.NextInt(0, ReferenceImages.Count));',
  apply='return DomainKernels.Fda(image, _references.Get(parameters.ReferenceIndex), parameters.Beta);',
  write='writer.AddNode("reference_images", new JsonArray(ReferenceImages.Select(r => (JsonNode)r).ToArray()));\nwriter.Add("beta_limit", BetaLimit);\nwriter.Add("read_fn", "read_rgb_image");',
  usings=['System.Text.Json.Nodes'],
  extra='private readonly ReferenceImages _references;'),
dict(name='HistogramMatching', folder='Color', summary='Matches each channel\'s histogram to a reference image\'s and blends with the input (uint8)',
  params=[('double','BlendRatio','Weight of the matched image.'),('int','ReferenceIndex','Which reference image was used.')],
  args=[dict(type='IReadOnlyList<string>', cs='referenceImages', doc='Reference image files (read as RGB) (<c>reference_images</c>).', prop='ReferenceImages'),
        dict(type=R+'?', cs='blendRatio', default='null', doc='Blend range (<c>blend_ratio</c>, default (0.5, 1.0)).', prop='BlendRatio', ptype=R, assign='blendRatio ?? (0.5, 1.0)')],
  ctor='''ArgumentNullException.ThrowIfNull(referenceImages);
Guard.That(referenceImages.Count > 0, nameof(referenceImages), "must name at least one image");
Guard.That(blendRatio is null || (blendRatio.Value.Low >= 0 && blendRatio.Value.High <= 1), nameof(blendRatio), "must lie in [0, 1]");
_references = new ReferenceImages(referenceImages);''',
  draw='return new(random.Uniform(BlendRatio.Low, BlendRatio.High), random.NextInt(0, ReferenceImages.Count));',
  apply='return DomainKernels.MatchHistograms(image, _references.Get(parameters.ReferenceIndex), parameters.BlendRatio);',
  write='writer.AddNode("reference_images", new JsonArray(ReferenceImages.Select(r => (JsonNode)r).ToArray()));\nwriter.Add("blend_ratio", BlendRatio);\nwriter.Add("read_fn", "read_rgb_image");',
  usings=['System.Text.Json.Nodes'],
  extra='private readonly ReferenceImages _references;'),
]
