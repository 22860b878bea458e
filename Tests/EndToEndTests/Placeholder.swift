import Testing
import VigilModel
