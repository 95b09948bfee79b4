import SwprofCore
