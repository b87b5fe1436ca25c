"""The public names of ``mnist_tutorial``, each imported from the module that defines it.

The package's one list of its API. At run time ``lazy_loader`` reads these imports
and imports a module only when one of its names is first used; type checkers and
editors read them here, so they know every name, its signature and its docstring.
The redundant ``as`` re-exports each name, as the typing rules for stubs ask.
"""

from . import (
    analysis as analysis,
    data as data,
    deep as deep,
    distributed as distributed,
    experiments as experiments,
    losses as losses,
    model as model,
    plotting as plotting,
    tf1_blog as tf1_blog,
)
from .analysis import (
    ConfusedPair as ConfusedPair,
    Misclassified as Misclassified,
    confusion_matrix as confusion_matrix,
    digit_variability as digit_variability,
    error_rate_per_digit as error_rate_per_digit,
    errors_per_digit as errors_per_digit,
    group_error_rates as group_error_rates,
    mean_images as mean_images,
    misclassified as misclassified,
    most_confused_pairs as most_confused_pairs,
    rank_correlation as rank_correlation,
    rank_correlation_p_value as rank_correlation_p_value,
    template_clarity as template_clarity,
)
from .data import (
    MNIST as MNIST,
    MNIST_FILES as MNIST_FILES,
    MNIST_MIRRORS as MNIST_MIRRORS,
    DataSet as DataSet,
    IdxFormatError as IdxFormatError,
    MNISTFile as MNISTFile,
    MNISTFileError as MNISTFileError,
    cache_folder as cache_folder,
    fetch_mnist as fetch_mnist,
    load_mnist as load_mnist,
    locate_mnist as locate_mnist,
    read_idx as read_idx,
)
from .deep import (
    DEEP_MNIST_ACCURACY as DEEP_MNIST_ACCURACY,
    DEEP_TRAINING as DEEP_TRAINING,
    DeepTrainingHistory as DeepTrainingHistory,
    build_deep_network as build_deep_network,
    predict_digits as predict_digits,
    train_deep_network as train_deep_network,
)
from .distributed import (
    MultiWorkerRun as MultiWorkerRun,
    WorkerError as WorkerError,
    WorkerJob as WorkerJob,
    train_multi_worker as train_multi_worker,
)
from .experiments import (
    MAX_SCALE as MAX_SCALE,
    LossRun as LossRun,
    SeedStudy as SeedStudy,
    StudyComparison as StudyComparison,
    compare_losses as compare_losses,
    compare_seed_studies as compare_seed_studies,
    random_start as random_start,
    seed_study as seed_study,
)
from .losses import (
    cross_entropy as cross_entropy,
    entropy as entropy,
    gradient_of_cross_entropy as gradient_of_cross_entropy,
    gradient_of_mean_squared_error as gradient_of_mean_squared_error,
    kl_divergence as kl_divergence,
    log_softmax as log_softmax,
    mean_squared_error as mean_squared_error,
    naive_cross_entropy as naive_cross_entropy,
    naive_softmax as naive_softmax,
    softmax as softmax,
)
from .model import (
    LOSS_NAMES as LOSS_NAMES,
    MAX_TRAINING_IMAGES as MAX_TRAINING_IMAGES,
    LinearSoftmax as LinearSoftmax,
    TrainingHistory as TrainingHistory,
    accuracy as accuracy,
    gradient_norm as gradient_norm,
    train as train,
    train_seeds as train_seeds,
)
from .plotting import (
    WEIGHT_LIMIT_PERCENTILE as WEIGHT_LIMIT_PERCENTILE,
    plot_confusion_matrix as plot_confusion_matrix,
    plot_errors_per_digit as plot_errors_per_digit,
    plot_loss_comparison as plot_loss_comparison,
    plot_misclassified as plot_misclassified,
    plot_training_curve as plot_training_curve,
    plot_weights as plot_weights,
    show_digit as show_digit,
    show_digits as show_digits,
    show_examples as show_examples,
)
from .tf1_blog import (
    BlogRun as BlogRun,
    run_blog_program as run_blog_program,
)

__version__: str
