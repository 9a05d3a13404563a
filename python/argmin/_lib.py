"""ctypes declarations of the C ABI in include/argmin/argmin.h, and loading.

The shared library is looked up, in this order, at:

1. the path in the environment variable ``ARGMIN_LIBRARY``;
2. ``build/release/`` of the source tree this package lies in (what
   ``tests/run.sh`` builds, with ``-DBUILD_SHARED_LIBS=ON``);
3. this package's own directory;
4. the system's library path (``ctypes.util.find_library("argmin")``).
"""
import ctypes
import ctypes.util
import os
import sys

# DLPack 0.6 (dlpack/dlpack.h) and argmin.h constants.
KDL_CPU = 1
KDL_INT, KDL_UINT, KDL_FLOAT, KDL_BFLOAT = 0, 1, 2, 4
ARGMIN_DL_BOOL = 6
ARGMIN_MAX_NDIM = 32

STATUS_NAMES = (
    "ARGMIN_OK",
    "ARGMIN_ERROR_NULL_POINTER",
    "ARGMIN_ERROR_UNSUPPORTED_DTYPE",
    "ARGMIN_ERROR_UNSUPPORTED_DEVICE",
    "ARGMIN_ERROR_BAD_SHAPE",
    "ARGMIN_ERROR_BAD_AXIS",
    "ARGMIN_ERROR_EMPTY_REDUCTION",
    "ARGMIN_ERROR_ALL_NAN",
    "ARGMIN_ERROR_BAD_OUTPUT",
    "ARGMIN_ERROR_INDEX_OVERFLOW",
    "ARGMIN_ERROR_BAD_OPTION",
    "ARGMIN_ERROR_UNKNOWN_TARGET",
    "ARGMIN_ERROR_OUT_OF_MEMORY",
)
(OK, NULL_POINTER, UNSUPPORTED_DTYPE, UNSUPPORTED_DEVICE, BAD_SHAPE, BAD_AXIS,
 EMPTY_REDUCTION, ALL_NAN, BAD_OUTPUT, INDEX_OVERFLOW, BAD_OPTION,
 UNKNOWN_TARGET, OUT_OF_MEMORY) = range(len(STATUS_NAMES))


class DLDevice(ctypes.Structure):
    _fields_ = [("device_type", ctypes.c_int), ("device_id", ctypes.c_int)]


class DLDataType(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint8), ("bits", ctypes.c_uint8),
                ("lanes", ctypes.c_uint16)]


class DLTensor(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p),
                ("device", DLDevice),
                ("ndim", ctypes.c_int),
                ("dtype", DLDataType),
                ("shape", ctypes.POINTER(ctypes.c_int64)),
                ("strides", ctypes.POINTER(ctypes.c_int64)),
                ("byte_offset", ctypes.c_uint64)]


class DLManagedTensor(ctypes.Structure):
    pass


# CFUNCTYPE, not PYFUNCTYPE: the deleter runs without the GIL, as a C
# consumer would call it (numpy's deleter takes the GIL itself).
DLDeleter = ctypes.CFUNCTYPE(None, ctypes.POINTER(DLManagedTensor))
DLManagedTensor._fields_ = [("dl_tensor", DLTensor),
                            ("manager_ctx", ctypes.c_void_p),
                            ("deleter", DLDeleter)]


class Options(ctypes.Structure):
    """argmin_options."""
    _fields_ = [("has_axis", ctypes.c_int32),
                ("axis", ctypes.c_int64),
                ("keepdims", ctypes.c_int32),
                ("nan_policy", ctypes.c_int32),
                ("tie_policy", ctypes.c_int32),
                ("num_threads", ctypes.c_int32)]


def _library_name():
    if sys.platform == "darwin":
        return "libargmin.dylib"
    if sys.platform == "win32":
        return "argmin.dll"
    return "libargmin.so"


def _candidates():
    path = os.environ.get("ARGMIN_LIBRARY")
    if path:
        return [path]  # an explicit choice: no fallback
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    name = _library_name()
    found = [os.path.join(repo, "build", "release", name),
             os.path.join(here, name)]
    system = ctypes.util.find_library("argmin")
    if system:
        found.append(system)
    return found


def load():
    """Loads the shared library and declares its functions; ImportError if
    it cannot be found."""
    tried = []
    for path in _candidates():
        # Full paths must exist; a bare name from find_library goes to dlopen.
        if os.path.sep in path and not os.path.exists(path):
            tried.append(path + " (missing)")
            continue
        try:
            lib = ctypes.CDLL(path)
            break
        except OSError as e:
            tried.append("%s (%s)" % (path, e))
    else:
        raise ImportError(
            "argmin: cannot load the shared library libargmin; tried: %s. "
            "Build it with `cmake -S . -B build/release -DBUILD_SHARED_LIBS=ON"
            " && cmake --build build/release` (or `bash tests/run.sh`), or "
            "set ARGMIN_LIBRARY to its full path." % "; ".join(tried))

    tensor_p = ctypes.POINTER(DLTensor)
    options_p = ctypes.POINTER(Options)
    int64_p = ctypes.POINTER(ctypes.c_int64)
    signatures = {
        "argmin_default_options": (Options, []),
        "argmin_compute": (ctypes.c_int, [tensor_p, options_p, tensor_p]),
        "argmin_contiguous": (ctypes.c_int, [
            ctypes.c_void_p, DLDataType, ctypes.c_int64, options_p, int64_p]),
        "argmin_output_shape": (ctypes.c_int, [
            tensor_p, options_p, ctypes.POINTER(ctypes.c_int32), int64_p]),
        "argmin_status_message": (ctypes.c_char_p, [ctypes.c_int]),
        "argmin_target_name": (ctypes.c_char_p, []),
        "argmin_force_target": (ctypes.c_int, [ctypes.c_char_p]),
        "argmin_set_parallel_grain": (ctypes.c_int, [ctypes.c_int64]),
    }
    for name, (restype, argtypes) in signatures.items():
        function = getattr(lib, name)
        function.restype = restype
        function.argtypes = argtypes
    return lib


# PyCapsule functions of the running interpreter, for DLPack capsules.
_api = ctypes.pythonapi
_api.PyCapsule_GetPointer.restype = ctypes.c_void_p
_api.PyCapsule_GetPointer.argtypes = [ctypes.py_object, ctypes.c_char_p]
_api.PyCapsule_SetName.restype = ctypes.c_int
_api.PyCapsule_SetName.argtypes = [ctypes.py_object, ctypes.c_char_p]
capsule_get_pointer = _api.PyCapsule_GetPointer
capsule_set_name = _api.PyCapsule_SetName
# A capsule keeps the pointer to its name, not a copy: this buffer must live
# as long as any capsule renamed with it, so it lives as long as the module.
USED_DLTENSOR = ctypes.create_string_buffer(b"used_dltensor")
