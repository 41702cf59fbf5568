#include "server/routes/analysis_link.h"

namespace solimob::server::routes {

// Empty until `serve --territory` fills it (routes/analysis_api.cc); tests set a fake and reset it.
analysis_link& analysis() {
  static analysis_link link;
  return link;
}

}  // namespace solimob::server::routes
