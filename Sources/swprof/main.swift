import Foundation
import SwprofCLI

exit(Swprof.run(arguments: Array(CommandLine.arguments.dropFirst()), io: .standard()))
