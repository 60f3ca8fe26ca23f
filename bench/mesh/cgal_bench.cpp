// Side-by-side timing of CGAL 5.5 (Debian libcgal-dev) on the meshes `tessera bench mesh` uses. Built and run by `tessera bench mesh
// --peers`; command line, meshes and timing rule in peer_bench.hpp.
#include "peer_bench.hpp"
#include <CGAL/Simple_cartesian.h>
#include <CGAL/Surface_mesh.h>
#include <CGAL/subdivision_method_3.h>
#include <CGAL/Surface_mesh_simplification/edge_collapse.h>
#include <CGAL/Surface_mesh_simplification/Policies/Edge_collapse/Count_stop_predicate.h>
#include <CGAL/Surface_mesh_simplification/Policies/Edge_collapse/GarlandHeckbert_plane_policies.h>
#include <CGAL/IO/OBJ.h>

typedef CGAL::Simple_cartesian<double> Kernel;
typedef Kernel::Point_3 Point;
typedef CGAL::Surface_mesh<Point> Mesh;
namespace SMS = CGAL::Surface_mesh_simplification;

int main(int argc, char** argv) {
  const PeerArgs args = parse_args(argc, argv);
  const int runs = args.runs;
  auto want = [&](const char* op) { return args.want(op); };
  const Mesh m100k = bumpy<Mesh>(320, 160), m25k = bumpy<Mesh>(160, 80), large = bumpy<Mesh>(512, 256);
  Mesh work;
  namespace P = CGAL::parameters;
  if (want("loop_1iter_100k"))
    timeit("loop_1iter_100k", "cgal_loop_1iter_100k", runs, [&] { work = m100k; }, [&] { CGAL::Subdivision_method_3::Loop_subdivision(work, P::number_of_iterations(1)); });
  if (want("loop_2iter_25k"))
    timeit("loop_2iter_25k", "cgal_loop_2iter_25k", runs, [&] { work = m25k; }, [&] { CGAL::Subdivision_method_3::Loop_subdivision(work, P::number_of_iterations(2)); });
  if (want("sqrt3_1iter_100k"))
    timeit("sqrt3_1iter_100k", "cgal_sqrt3_1iter_100k", runs, [&] { work = m100k; }, [&] { CGAL::Subdivision_method_3::Sqrt3_subdivision(work, P::number_of_iterations(1)); });
  if (want("sqrt3_2iter_25k"))
    timeit("sqrt3_2iter_25k", "cgal_sqrt3_2iter_25k", runs, [&] { work = m25k; }, [&] { CGAL::Subdivision_method_3::Sqrt3_subdivision(work, P::number_of_iterations(2)); });
  if (want("qem_large_10pct")) {
    // a closed triangle mesh with F faces has 3F/2 edges: stop below 3F/2 + 1 edges, i.e. at F = 10 % faces
    const std::size_t targetFaces = large.number_of_faces() / 10;
    timeit("qem_large_10pct", "cgal_edge_collapse_gh_large_10pct", runs, [&] { work = large; }, [&] {
      SMS::Count_stop_predicate<Mesh> stop(3 * targetFaces / 2 + 1);
      SMS::GarlandHeckbert_plane_policies<Mesh, Kernel> gh(work);
      SMS::edge_collapse(work, stop, P::get_cost(gh.get_cost()).get_placement(gh.get_placement()));
    });
    std::fprintf(stderr, "cgal qem: %zu faces\n", (size_t)work.number_of_faces());
  }
  std::string obj = args.tmp + "/cgal_large.obj";
  if (want("write_obj_large") || want("read_obj_large")) CGAL::IO::write_OBJ(obj, large, P::stream_precision(17));
  if (want("read_obj_large"))
    timeit("read_obj_large", "cgal_read_obj_large", runs, [&] { work.clear(); }, [&] { CGAL::IO::read_OBJ(obj, work); });
  if (want("write_obj_large"))
    timeit("write_obj_large", "cgal_write_obj_large", runs, [&] {}, [&] { CGAL::IO::write_OBJ(obj, large, P::stream_precision(17)); });
  return 0;
}
